import { useEffect, useState } from 'react';
import { t } from '../i18n/de';

/**
 * Shows a PDF someone else uploaded without ever opening the server's URL as a document of our
 * origin: the bytes are fetched and handed to the browser's PDF viewer as a blob: URL whose type we
 * set ourselves (application/pdf), so even a file that is really HTML can never be rendered as a
 * page. Only used for files the server sniffed as PDF; the server sends them as downloads anyway.
 */
export function PdfPreview({ url, title }: { url: string; title: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const bytes = await res.arrayBuffer();
        objectUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
        setSrc(objectUrl);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  if (failed) return <p className="kern-body" role="alert">{t.caseDetail.previewFailed}</p>;
  if (!src) return <p className="kern-body muted" role="status">{t.caseDetail.previewLoading}</p>;
  return <iframe src={src} title={title} />;
}
