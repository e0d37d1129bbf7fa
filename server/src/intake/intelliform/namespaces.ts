import { AppError } from '../../shared/errors.js';
import { BACKEND_NS, SOAP_NS } from './xml.js';

export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/** The SOAP 1.1 fault codes we answer with (SOAP 1.1 §4.4.1); the WSDL binds SOAP 1.1 only. */
export type SoapFaultCode = 'VersionMismatch' | 'MustUnderstand' | 'Client' | 'Server';

const shown = (uri: string) => (uri.length > 120 ? `${uri.slice(0, 120)}…` : uri);
const refuse = (field: string, detail: string, soapFaultCode: SoapFaultCode) => new AppError('soap_namespace', { field, detail, extra: { soapFaultCode } });

/**
 * Checks one element's namespace as it streams past, so a foreign or missing namespace is refused
 * at its start tag — before the body (and its attachments) is read any further. The rules are the
 * WSDL's: a SOAP 1.1 envelope, the operation element in the intelliForm backend namespace, and
 * everything inside it unqualified (ApplicationService.xsd has no elementFormDefault, so its local
 * elements carry no namespace). `path` holds the local names of the open ancestors.
 */
export function checkNamespace(path: readonly string[], name: string, namespace: string, attributes: Record<string, string>): void {
  const depth = path.length + 1;
  if (depth === 1) {
    if (namespace === SOAP_NS) return;
    if (namespace === SOAP12_NS) {
      throw refuse('Envelope', `Die Nachricht ist ein SOAP-1.2-Envelope. Dieser Dienst spricht SOAP 1.1 (Namensraum ${SOAP_NS}), wie in seiner WSDL angegeben.`, 'VersionMismatch');
    }
    throw refuse('Envelope', namespace ? `Der SOAP-Envelope hat den fremden Namensraum „${shown(namespace)}“; erwartet wird ${SOAP_NS}.` : `Der SOAP-Envelope hat keinen Namensraum; erwartet wird ${SOAP_NS}.`, 'VersionMismatch');
  }
  if (depth === 2) {
    if (namespace !== SOAP_NS) throw refuse(`Envelope/${name}`, `Das Element „${name}“ im SOAP-Envelope muss im Namensraum ${SOAP_NS} stehen${namespace ? `, nicht in „${shown(namespace)}“` : ''}.`, 'Client');
    return;
  }
  if (path[1] === 'Header') {
    // SOAP 1.1 §4.2.3: a header the receiver must understand but does not is refused, not ignored.
    const mustUnderstand = attributes.mustUnderstand === '1' || attributes.mustUnderstand === 'true';
    if (depth === 3 && mustUnderstand && !(name === 'Security' && namespace === WSSE_NS)) {
      throw refuse(`Envelope/Header/${name}`, `Der SOAP-Header „${name}“ ist als mustUnderstand markiert, wird von diesem Dienst aber nicht verstanden. Unterstützt wird nur WS-Security (${WSSE_NS}).`, 'MustUnderstand');
    }
    return;
  }
  if (path[1] !== 'Body') return;
  if (depth === 3) {
    if (namespace !== BACKEND_NS) {
      throw refuse(
        `Envelope/Body/${name}`,
        namespace
          ? `Der Aufruf „${name}“ steht im fremden Namensraum „${shown(namespace)}“; erwartet wird ${BACKEND_NS}.`
          : `Der Aufruf „${name}“ hat keinen Namensraum; erwartet wird ${BACKEND_NS}.`,
        'Client',
      );
    }
    return;
  }
  if (namespace !== '') {
    throw refuse(
      [...path.slice(2), name].join('/'),
      `Das Element „${name}“ muss ohne Namensraum stehen (ApplicationService.xsd: lokale Elemente sind nicht qualifiziert), steht aber in „${shown(namespace)}“.`,
      'Client',
    );
  }
}
