import { BACKEND_NS, escapeXml } from './xml.js';

/**
 * ApplicationService.xsd, the intelliForm backend contract (deposit; prefill is part of the
 * contract but not offered here — see the binding). Inlined into the WSDL so a client needs one
 * URL only. Its local elements are unqualified (no elementFormDefault), which the deposit reader
 * enforces (namespaces.ts).
 */
const SCHEMA = `<xs:schema targetNamespace="${BACKEND_NS}" version="1.0" xmlns:tns="${BACKEND_NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xmime="http://www.w3.org/2005/05/xmlmime">
      <xs:element name="ApplicationFault" type="tns:ApplicationFault"/>
      <xs:element name="deposit" type="tns:deposit"/>
      <xs:element name="depositResponse" type="tns:depositResponse"/>
      <xs:complexType name="entry">
        <xs:sequence>
          <xs:element minOccurs="0" name="key" type="xs:string"/>
          <xs:element minOccurs="0" name="value" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="attachment">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" minOccurs="0" name="attributes" nillable="true" type="tns:entry"/>
          <xs:element minOccurs="0" name="content" type="xs:base64Binary" xmime:expectedContentTypes="application/octet-stream"/>
          <xs:element minOccurs="0" name="contentType" type="xs:string"/>
          <xs:element minOccurs="0" name="description" type="xs:string"/>
          <xs:element minOccurs="0" name="id" type="xs:string"/>
          <xs:element minOccurs="0" name="name" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ApplicationFault">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" minOccurs="0" name="customParameters" nillable="true" type="tns:entry"/>
          <xs:element minOccurs="0" name="faultId" type="xs:string"/>
          <xs:element minOccurs="0" name="message" type="xs:string"/>
          <xs:element minOccurs="0" name="userMessage" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="deposit">
        <xs:sequence>
          <xs:element minOccurs="0" name="data" type="tns:depositData"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="depositData">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" minOccurs="0" name="attachments" nillable="true" type="tns:attachment"/>
${['caller', 'client', 'clientId'].map((n) => `          <xs:element minOccurs="0" name="${n}" type="xs:string"/>`).join('\n')}
          <xs:element maxOccurs="unbounded" minOccurs="0" name="customParameters" nillable="true" type="tns:entry"/>
${['customer', 'customerId', 'form', 'formId', 'id', 'primaryDataAttachmentId', 'primaryFormAttachmentId', 'sender'].map((n) => `          <xs:element minOccurs="0" name="${n}" type="xs:string"/>`).join('\n')}
          <xs:element minOccurs="0" name="timestamp" type="xs:dateTime"/>
          <xs:element minOccurs="0" name="username" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="depositResponse">
        <xs:sequence>
          <xs:element minOccurs="0" name="return" type="tns:depositResult"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="depositResult">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" minOccurs="0" name="attachments" nillable="true" type="tns:attachment"/>
          <xs:element maxOccurs="unbounded" minOccurs="0" name="customParameters" nillable="true" type="tns:entry"/>
        </xs:sequence>
      </xs:complexType>
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
