import type { InvoiceResponse, ResponseParty, ResponseStatus } from './invoice-response.model';

export const INVOICE_RESPONSE_CUSTOMIZATION = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
export const INVOICE_RESPONSE_PROFILE = 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3';

const escape = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string, attrs = '') => `<${name}${attrs}>${escape(value)}</${name}>`;

function party(name: 'SenderParty' | 'ReceiverParty', p: ResponseParty, indent: string): string {
  const endpoint = p.endpoint
    ? `${indent}  ${el('cbc:EndpointID', p.endpoint.id, ` schemeID="${escape(p.endpoint.schemeId)}"`)}\n`
    : '';
  return (
    `${indent}<cac:${name}>\n${endpoint}` +
    `${indent}  <cac:PartyLegalEntity>\n${indent}    ${el('cbc:RegistrationName', p.name)}\n${indent}  </cac:PartyLegalEntity>\n` +
    `${indent}</cac:${name}>`
  );
}

function status(s: ResponseStatus, indent: string): string {
  const lines = [`${indent}<cac:Status>`, `${indent}  ${el('cbc:StatusReasonCode', s.code, ` listID="${s.listId}"`)}`];
  if (s.reason) lines.push(`${indent}  ${el('cbc:StatusReason', s.reason)}`);
  for (const c of s.conditions ?? []) {
    lines.push(`${indent}  <cac:Condition>`, `${indent}    ${el('cbc:AttributeID', c.attributeId)}`);
    if (c.description) lines.push(`${indent}    ${el('cbc:Description', c.description)}`);
    lines.push(`${indent}  </cac:Condition>`);
  }
  lines.push(`${indent}</cac:Status>`);
  return lines.join('\n');
}

/** The UBL 2.1 ApplicationResponse of Peppol BIS Invoice Response 3.0, elements in the schema's order. */
export function invoiceResponseXml(r: InvoiceResponse): string {
  const ref = r.documentReference;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"' +
      ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"' +
      ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
    `  ${el('cbc:CustomizationID', INVOICE_RESPONSE_CUSTOMIZATION)}`,
    `  ${el('cbc:ProfileID', INVOICE_RESPONSE_PROFILE)}`,
    `  ${el('cbc:ID', r.id)}`,
    `  ${el('cbc:IssueDate', r.issueDate)}`,
    party('SenderParty', r.sender, '  '),
    party('ReceiverParty', r.receiver, '  '),
    '  <cac:DocumentResponse>',
    '    <cac:Response>',
    `      ${el('cbc:ResponseCode', r.responseCode)}`,
    ...r.statuses.map((s) => status(s, '      ')),
    '    </cac:Response>',
    '    <cac:DocumentReference>',
    `      ${el('cbc:ID', ref.id)}`,
    ...(ref.issueDate ? [`      ${el('cbc:IssueDate', ref.issueDate)}`] : []),
    `      ${el('cbc:DocumentTypeCode', ref.typeCode)}`,
    '    </cac:DocumentReference>',
    '  </cac:DocumentResponse>',
    '</ApplicationResponse>',
    '',
  ].join('\n');
}
