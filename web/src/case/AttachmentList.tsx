import { useState } from 'react';
import { casesApi } from '../api/endpoints';
import type { Attachment } from '../api/types';
import { formatBytes, formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { isBlocked, ScanState } from '../ui/ScanState';

const previewable = (a: Attachment) => a.mimeType === 'application/pdf' || a.mimeType.startsWith('image/');

/** Attachments with download and an inline preview for PDF and images. */
export function AttachmentList({ caseId, attachments }: { caseId: string; attachments: Attachment[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="case-section" aria-labelledby="attachments-heading">
      <h2 id="attachments-heading" className="kern-heading-medium">
        {t.caseDetail.attachments} ({attachments.length})
      </h2>
      {attachments.length === 0 ? (
        <p className="kern-body muted">{t.caseDetail.attachmentsEmpty}</p>
      ) : (
        <ul className="attachments">
          {attachments.map((a) => {
            const url = casesApi.attachmentUrl(caseId, a.id);
            const isOpen = open === a.id;
            return (
              <li key={a.id} className="attachment">
                <div className="attachment__row">
                  <span className="kern-icon kern-icon--draft" aria-hidden="true" />
                  <span className="attachment__name">{a.fileName}</span>
                  <span className="muted attachment__meta">
                    {a.mimeType} · {formatBytes(a.sizeBytes)} · {formatDateTime(a.createdAt)}
                  </span>
                  <ScanState status={a.scanStatus} />
                  {isBlocked(a.scanStatus) ? null : (
                  <span className="attachment__buttons no-print">
                    {previewable(a) ? (
                      <button
                        type="button"
                        className="kern-btn kern-btn--tertiary kern-btn--x-small"
                        aria-expanded={isOpen}
                        aria-controls={`preview-${a.id}`}
                        onClick={() => setOpen(isOpen ? null : a.id)}
                      >
                        <span className="kern-icon kern-icon--visibility" aria-hidden="true" />
                        <span className="kern-label">{isOpen ? t.caseDetail.hidePreview : t.caseDetail.preview}</span>
                      </button>
                    ) : null}
                    <a className="kern-btn kern-btn--tertiary kern-btn--x-small" href={casesApi.attachmentUrl(caseId, a.id, true)} download={a.fileName}>
                      <span className="kern-icon kern-icon--download" aria-hidden="true" />
                      <span className="kern-label">{t.caseDetail.download}</span>
                      <span className="kern-sr-only">: {a.fileName}</span>
                    </a>
                  </span>
                  )}
                </div>
                {isOpen ? (
                  <div className="attachment__preview" id={`preview-${a.id}`}>
                    {a.mimeType.startsWith('image/') ? (
                      <img src={url} alt={t.caseDetail.previewTitle(a.fileName)} />
                    ) : (
                      <iframe src={url} title={t.caseDetail.previewTitle(a.fileName)} />
                    )}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
