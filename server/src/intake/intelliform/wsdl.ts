import { BACKEND_NS, escapeXml } from './xml.js';

/** An optional element of a sequence (minOccurs 0), a string unless said otherwise. */
const optional = (name: string, type = 'xs:string', attributes = '') => `<xs:element minOccurs="0" name="${name}" type="${type}"${attributes}/>`;
const strings = (...names: string[]) => names.map((name) => optional(name));
/** A repeated element whose items may be nil (how the JAX-WS generated contract writes lists). */
const list = (name: string, type: string) => `<xs:element maxOccurs="unbounded" minOccurs="0" name="${name}" nillable="true" type="${type}"/>`;
const complexType = (name: string, elements: string[]) =>
  [`      <xs:complexType name="${name}">`, '        <xs:sequence>', ...elements.map((e) => `          ${e}`), '        </xs:sequence>', '      </xs:complexType>'].join('\n');

/**
 * ApplicationService.xsd, the intelliForm backend contract (deposit; prefill is part of the
 * contract but not offered here — see the binding). Inlined into the WSDL so a client needs one
 * URL only. Its local elements are unqualified (no elementFormDefault), which the deposit reader
 * enforces (namespaces.ts). Element order as published (contract/ApplicationService.xsd).
 */
const SCHEMA = `<xs:schema targetNamespace="${BACKEND_NS}" version="1.0" xmlns:tns="${BACKEND_NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xmime="http://www.w3.org/2005/05/xmlmime">
      <xs:element name="ApplicationFault" type="tns:ApplicationFault"/>
      <xs:element name="deposit" type="tns:deposit"/>
      <xs:element name="depositResponse" type="tns:depositResponse"/>
${[
  complexType('entry', strings('key', 'value')),
  complexType('attachment', [
    list('attributes', 'tns:entry'),
    optional('content', 'xs:base64Binary', ' xmime:expectedContentTypes="application/octet-stream"'),
    ...strings('contentType', 'description', 'id', 'name'),
  ]),
  complexType('ApplicationFault', [list('customParameters', 'tns:entry'), ...strings('faultId', 'message', 'userMessage')]),
  complexType('deposit', [optional('data', 'tns:depositData')]),
  complexType('depositData', [
    list('attachments', 'tns:attachment'),
    ...strings('caller', 'client', 'clientId'),
    list('customParameters', 'tns:entry'),
    ...strings('customer', 'customerId', 'form', 'formId', 'id', 'primaryDataAttachmentId', 'primaryFormAttachmentId', 'sender'),
    optional('timestamp', 'xs:dateTime'),
    optional('username'),
  ]),
  complexType('depositResponse', [optional('return', 'tns:depositResult')]),
  complexType('depositResult', [list('attachments', 'tns:attachment'), list('customParameters', 'tns:entry')]),
].join('\n')}
    </xs:schema>`;

/** Where the schema sits inside the WSDL, for tests that validate against exactly what we serve. */
export function servedSchema(): string {
  return SCHEMA;
}

/**
 * The WSDL of this deposit endpoint (SOAP 1.1, document/literal), with the address clients must
 * call and the WS-Security policy we accept: a UsernameToken, sent as PasswordText over HTTPS
 * (the published intelliForm policy asks for HashPassword; we refuse digests because a digest
 * would need the API key stored in clear — docs/intake.md, "WS-Security").
 */
export function depositWsdl(endpoint: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions name="ApplicationService" targetNamespace="${BACKEND_NS}" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="${BACKEND_NS}" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:sp="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
  <documentation>Amtsdesk: Eingang für das intelliForm-Backend (Operation deposit). Anmeldung mit dem API-Schlüssel des Eingangs-Zugangs, per HTTP (Bearer, Basic, X-Intake-Token) oder WS-Security UsernameToken (PasswordText).</documentation>
  <wsp:Policy wsu:Id="DepositSecurity">
    <sp:SupportingTokens>
      <wsp:Policy>
        <sp:UsernameToken sp:IncludeToken="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient"/>
      </wsp:Policy>
    </sp:SupportingTokens>
  </wsp:Policy>
  <types>
    ${SCHEMA}
  </types>
  <message name="deposit"><part name="parameters" element="tns:deposit"/></message>
  <message name="depositResponse"><part name="parameters" element="tns:depositResponse"/></message>
  <message name="ApplicationFault"><part name="fault" element="tns:ApplicationFault"/></message>
  <portType name="Application">
    <operation name="deposit">
      <input message="tns:deposit"/>
      <output message="tns:depositResponse"/>
      <fault name="ApplicationFault" message="tns:ApplicationFault"/>
    </operation>
  </portType>
  <binding name="ApplicationPortBinding" type="tns:Application">
    <wsp:PolicyReference URI="#DepositSecurity"/>
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="deposit">
      <soap:operation soapAction=""/>
      <input><soap:body use="literal"/></input>
      <output><soap:body use="literal"/></output>
      <fault name="ApplicationFault"><soap:fault name="ApplicationFault" use="literal"/></fault>
    </operation>
  </binding>
  <service name="ApplicationService">
    <port name="ApplicationPort" binding="tns:ApplicationPortBinding">
      <soap:address location="${escapeXml(endpoint)}"/>
    </port>
  </service>
</definitions>
`;
}
