import { BACKEND_NS, SOAP_NS, escapeXml } from './xml.js';
import type { Entry } from './deposit-collector.js';
import type { SoapFaultCode } from './namespaces.js';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

const entry = (e: Entry) => `<customParameters><key>${escapeXml(e.key)}</key><value>${escapeXml(e.value)}</value></customParameters>`;

/** depositResponse/return (depositResult): the case is reported back as customParameters. */
export function depositResponse(parameters: Entry[]): string {
  return envelope(`<ns2:depositResponse xmlns:ns2="${BACKEND_NS}"><return>${parameters.map(entry).join('')}</return></ns2:depositResponse>`);
}

/** A SOAP 1.1 fault carrying the WSDL's ApplicationFault as detail. */
export function applicationFault(faultId: string, message: string, faultCode: SoapFaultCode): string {
  const text = escapeXml(message);
  return envelope(
    `<soap:Fault><faultcode>soap:${faultCode}</faultcode><faultstring xml:lang="de">${text}</faultstring>` +
      `<detail><ns2:ApplicationFault xmlns:ns2="${BACKEND_NS}"><faultId>${escapeXml(faultId)}</faultId>` +
      `<message>${text}</message><userMessage>${text}</userMessage></ns2:ApplicationFault></detail></soap:Fault>`,
  );
}
