import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server standing in for a register gateway (Melderegister and Unternehmensregister
 * behind one gateway, as in decision 0032), with a small German test population. It searches like
 * a residents' register does: by sound of the name (Maier finds Meier), narrowed by first name,
 * date of birth and postal code; or by identifier. It records what it was asked (to prove that
 * refused queries never reach it) and can be switched down.
 */
export const RESIDENTS = [
  { kind: 'person', identifier: 'MR-24103-0001', firstName: 'Jürgen', lastName: 'Müller-Lüdenscheidt', birthDate: '1971-03-14', nationality: 'deutsch', address: { street: 'Holstenstraße', houseNumber: '12a', postalCode: '24103', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24103-0002', firstName: 'Anna', lastName: 'Meier', birthName: 'Schulz', birthDate: '1985-07-02', nationality: 'deutsch', address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24103-0003', firstName: 'Mehmet', lastName: 'Yılmaz', birthDate: '1990-11-23', nationality: 'türkisch', address: { street: 'Dänische Straße', houseNumber: '7', postalCode: '24103', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24105-0004', firstName: 'Karl-Heinz', lastName: 'Schmidt', birthDate: '1948-01-30', nationality: 'deutsch', address: { street: 'Feldstraße', houseNumber: '88', postalCode: '24105', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24105-0005', firstName: 'Sophie', lastName: 'Schmitt', birthDate: '2001-05-09', nationality: 'deutsch', address: { street: 'Feldstraße', houseNumber: '90', postalCode: '24105', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24116-0006', firstName: 'Łukasz', lastName: 'Nowak', birthDate: '1979-09-17', nationality: 'polnisch', address: { street: 'Westring', houseNumber: '300', postalCode: '24116', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24116-0007', firstName: 'Grete', lastName: 'Weiß', birthDate: '1939-12-24', nationality: 'deutsch', address: { street: 'Knooper Weg', houseNumber: '2', postalCode: '24116', city: 'Kiel' } },
  { kind: 'person', identifier: 'MR-24118-0008', firstName: 'Anna', lastName: 'Maier', birthDate: '1962-02-11', nationality: 'österreichisch', address: { street: 'Olshausenstraße', houseNumber: '40', postalCode: '24118', city: 'Kiel' } },
] as const;

export const COMPANIES = [
  { kind: 'company', identifier: 'HRB 4711 KI', name: 'Förde Hundeschule GmbH', legalForm: 'GmbH', registerCourt: 'Amtsgericht Kiel', address: { street: 'Kaistraße', houseNumber: '5', postalCode: '24103', city: 'Kiel' } },
  { kind: 'company', identifier: 'HRA 815 KI', name: 'Bäckerei Petersen e.K.', legalForm: 'e.K.', registerCourt: 'Amtsgericht Kiel', address: { street: 'Holtenauer Straße', houseNumber: '101', postalCode: '24105', city: 'Kiel' } },
] as const;

/** A rough phonetic key (the idea of Kölner Phonetik): Maier, Meier, Mayer, Meyer agree; so do Schmidt, Schmitt. */
export function soundKey(name: string): string {
  return name.toLocaleLowerCase('de').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ı/g, 'i').replace(/ł/g, 'l')
    .replace(/[ae][iy]/g, 'ai').replace(/dt|tt|d$/g, 't').replace(/ph/g, 'f').replace(/th/g, 't').replace(/(.)\1+/g, '$1').replace(/[^a-z]/g, '');
}

interface Query { kind: string; lastName?: string; firstName?: string; birthDate?: string; name?: string; identifier?: string; address?: { postalCode?: string } }

function search(register: string, q: Query) {
  const population: ReadonlyArray<{ identifier: string; address: { postalCode: string } } & Record<string, unknown>> = register === 'companies' ? COMPANIES : RESIDENTS;
  if (q.kind === 'identifier') return population.filter((r) => r.identifier === q.identifier);
  return population.filter((r) => {
    if (register === 'companies') return soundKey(String(r.name)).includes(soundKey(q.name ?? ''));
    if (soundKey(String(r.lastName)) !== soundKey(q.lastName ?? '')) return false;
    if (q.firstName && soundKey(String(r.firstName)) !== soundKey(q.firstName)) return false;
    if (q.birthDate && r.birthDate !== q.birthDate) return false;
    if (q.address?.postalCode && r.address.postalCode !== q.address.postalCode) return false;
    return true;
  });
}

export interface RegisterRequest { register: string; authorization: string; body: { query: Query; requester: { ags: string; caseNumber: string }; legalBasis: string; purpose: string } }

export async function startRegisterStandin(options: { token?: string } = {}) {
  const requests: RegisterRequest[] = [];
  let down = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v1\/(residents|companies)\/queries$/.exec(req.url ?? '');
      if (down) return void res.writeHead(503).end('Wartung');
      if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`) return void res.writeHead(401).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RegisterRequest['body'];
      requests.push({ register: match[1]!, authorization: String(req.headers.authorization ?? ''), body });
      if (!body.legalBasis || !body.purpose) return void res.writeHead(400).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ records: search(match[1]!, body.query) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setDown(value: boolean) {
      down = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
