import { useState } from 'react';
import { casesApi } from '../api/endpoints';
import type { Attachment } from '../api/types';
import { formatBytes, formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { PdfPreview } from '../files/PdfPreview';
import { isBlocked, ScanState } from '../ui/ScanState';

/** Raster images the server serves with their own type (never SVG: that is a document with scripts). */
const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const previewable = (a: Attachment) => a.mimeType === 'application/pdf' || IMAGES.has(a.mimeType);

/**
 * Attachments with download and a preview for PDFs and raster images. Files come from outside: the
 * server only ever sends them as downloads; images are shown through <img> (which runs nothing)
 * and PDFs through a blob: URL typed by us, never by opening the file's URL as a page.
 */
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
                    <a className="kern-btn kern-btn--tertiary kern-btn--x-small" href={url} download={a.fileName}>
                      <span className="kern-icon kern-icon--download" aria-hidden="true" />
                      <span className="kern-label">{t.caseDetail.download}</span>
                      <span className="kern-sr-only">: {a.fileName}</span>
                    </a>
                  </span>
                  )}
                </div>
                {isOpen ? (
                  <div className="attachment__preview" id={`preview-${a.id}`}>
                    {IMAGES.has(a.mimeType) ? (
                      <img src={url} alt={t.caseDetail.previewTitle(a.fileName)} />
                    ) : (
                      <PdfPreview url={url} title={t.caseDetail.previewTitle(a.fileName)} />
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
