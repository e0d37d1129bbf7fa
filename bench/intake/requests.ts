/** The requests of bench:intake, built from a plain description so a load worker can build them too. */
import { dogTaxForm, multipart, ozgDocument, LEIKA_HUND, type Part } from '../../server/test/intake-kit.js';
import { rawRequest } from './raw-http.js';

const KB200 = 200 * 1024;

export interface RequestSpec {
  kind: 'native' | 'ozg';
  url: string;
  /** One sender, or several municipalities' senders in turn (request i uses headers[i % length]). */
  headers: Array<Record<string, string>>;
  files: number;
}

/** A distinct 200 KB PDF-like file per request (the blob store deduplicates equal content). */
function attachmentBytes(i: number, j: number): Buffer {
  const bytes = Buffer.alloc(KB200, 0x20);
  bytes.write('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 0, 'latin1');
  bytes.write(`% ${process.pid}-${i}-${j}-${Math.random()}\n`, 64, 'latin1');
  bytes.write('\n%%EOF\n', KB200 - 7, 'latin1');
  return bytes;
}

const application = (i: number) => ({
  transactionId: `bench-${process.pid}-${Date.now()}-${i}-${Math.random().toString(36).slice(2)}`,
  serviceKey: LEIKA_HUND,
  title: 'Hundesteuer: Anmeldung',
  applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller', address: { street: 'Holstenstraße', houseNumber: '12a', postalCode: '24103', city: 'Kiel' } },
  formData: dogTaxForm(),
});

/** The bytes of requests 0..n-1, built before the clock starts. */
export function buildRequests(spec: RequestSpec, n: number): Buffer[] {
  const url = new URL(spec.url);
  return Array.from({ length: n }, (_, i) => {
    const headers = spec.headers.length ? spec.headers[i % spec.headers.length]! : {};
    if (spec.kind === 'ozg') {
      const doc = ozgDocument({ transactionId: `ozg-bench-${process.pid}-${i}-${Math.random().toString(36).slice(2)}` });
      const body = multipart([{ name: 'formData', contentType: 'application/json', data: JSON.stringify(doc) }]);
      return rawRequest(url, { ...headers, ...body.headers }, body.payload);
    }
    if (!spec.files) return rawRequest(url, { ...headers, 'content-type': 'application/json' }, Buffer.from(JSON.stringify(application(i))));
    const parts: Part[] = [{ name: 'application', contentType: 'application/json', data: JSON.stringify(application(i)) }];
    for (let j = 0; j < spec.files; j++) parts.push({ name: 'attachment', filename: `Nachweis ${j + 1}.pdf`, contentType: 'application/pdf', data: attachmentBytes(i, j) });
    const body = multipart(parts);
    return rawRequest(url, { ...headers, ...body.headers }, body.payload);
  });
}
