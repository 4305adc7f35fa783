import { parseXmlSafely, type XmlNode } from '@app/formats';
import {
  DOCUMENT_TYPE_CODES,
  EAS_SCHEMES,
  ICD_SCHEMES,
  RESPONSE_CODES,
  STATUS_ACTIONS,
  STATUS_REASONS,
} from './invoice-response.code-lists';

/**
 * The rules of Peppol BIS Invoice Response 3.0 (PEPPOLBIS-T111.sch): the structure rules generated from the
 * transaction's syntax (PEPPOL-T111-Bnnnnn), the business rules (PEPPOL-T111-R001…R007) and the common rules
 * that apply to a response (empty elements, schema location, date format). Written after the Schematron,
 * by local element names (the document's prefixes are free).
 */
export interface ResponseRuleFailure {
  ruleId: string;
  flag: 'fatal' | 'warning';
  path: string;
  message: string;
}

const CUSTOMIZATION = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
const PROFILE = 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3';
const CLARIFICATION_LISTS = new Set(['OPStatusAction', 'OPStatusReason']);
const ACTIONS = new Set<string>(STATUS_ACTIONS);
const REASONS = new Set<string>(STATUS_REASONS);
const REASONS_OF_LIST_ONLY = new Set<string>(STATUS_REASONS.filter((r) => r !== 'PPD'));
const CODES = new Set<string>(RESPONSE_CODES);
const DATE_ELEMENTS = new Set(['IssueDate', 'DueDate', 'TaxPointDate', 'StartDate', 'EndDate', 'ActualDeliveryDate']);

/** What an element may hold: required children with their rule, allowed ones, and the rule for anything else. */
interface Shape {
  required?: Record<string, string>;
  allowed?: string[];
  other?: string;
  children?: Record<string, Shape>;
  check?: (node: XmlNode, fail: Fail) => void;
}
type Fail = (ruleId: string, node: XmlNode, message: string, flag?: 'fatal' | 'warning') => void;

const inList = (list: Set<string>, ruleId: string, name: string) => (n: XmlNode, fail: Fail) => {
  const v = n.attrs.schemeID;
  if (v !== undefined && !list.has(v.trim())) fail(ruleId, n, `schemeID ${v} is not in the ${name} code list`);
};
const endpoint = (present: string, listed: string): Shape => ({
  check: (n, fail) => {
    if (n.attrs.schemeID === undefined) fail(present, n, "Attribute 'schemeID' MUST be present");
    else inList(EAS_SCHEMES, listed, 'EAS')(n, fail);
  },
});
const partyId = (idRule: string, schemeRule: string): Shape => ({
  required: { ID: idRule },
  children: { ID: { check: inList(ICD_SCHEMES, schemeRule, 'ISO 6523 ICD') } },
});
const legalEntity = (nameRule: string, other: string): Shape => ({ required: { RegistrationName: nameRule }, other });
const partyName = (nameRule: string): Shape => ({ required: { Name: nameRule } });

const SHAPE: Shape = {
  required: {
    CustomizationID: 'PEPPOL-T111-B00101',
    ProfileID: 'PEPPOL-T111-B00102',
    ID: 'PEPPOL-T111-B00103',
    IssueDate: 'PEPPOL-T111-B00104',
    SenderParty: 'PEPPOL-T111-B00105',
    ReceiverParty: 'PEPPOL-T111-B00106',
    DocumentResponse: 'PEPPOL-T111-B00107',
  },
  allowed: ['IssueTime', 'Note'],
  other: 'PEPPOL-T111-B00109',
  check: (n, fail) => {
    if (n.attrs.schemaLocation !== undefined)
      fail('PEPPOL-T111-B00108', n, 'Document MUST not contain schema location');
  },
  children: {
    ProfileID: {
      check: (n, fail) => {
        if (n.text !== PROFILE)
          fail('PEPPOL-T111-B00301', n, `Element 'cbc:ProfileID' MUST contain value '${PROFILE}'`);
      },
    },
    SenderParty: {
      required: { EndpointID: 'PEPPOL-T111-B00801', PartyLegalEntity: 'PEPPOL-T111-B00802' },
      allowed: ['PartyIdentification', 'Contact'],
      other: 'PEPPOL-T111-B00803',
      children: {
        EndpointID: endpoint('PEPPOL-T111-B00901', 'PEPPOL-T111-B00902'),
        PartyIdentification: partyId('PEPPOL-T111-B01101', 'PEPPOL-T111-B01201'),
        PartyLegalEntity: legalEntity('PEPPOL-T111-B01401', 'PEPPOL-T111-B01402'),
        Contact: { allowed: ['Name', 'Telephone', 'ElectronicMail'], other: 'PEPPOL-T111-B01601' },
      },
    },
    ReceiverParty: {
      required: { EndpointID: 'PEPPOL-T111-B02001', PartyLegalEntity: 'PEPPOL-T111-B02002' },
      allowed: ['PartyIdentification'],
      other: 'PEPPOL-T111-B02003',
      children: {
        EndpointID: endpoint('PEPPOL-T111-B02101', 'PEPPOL-T111-B02102'),
        PartyIdentification: partyId('PEPPOL-T111-B02301', 'PEPPOL-T111-B02401'),
        PartyLegalEntity: legalEntity('PEPPOL-T111-B02601', 'PEPPOL-T111-B02602'),
      },
    },
    DocumentResponse: {
      required: { Response: 'PEPPOL-T111-B02801', DocumentReference: 'PEPPOL-T111-B02802' },
      allowed: ['IssuerParty', 'RecipientParty'],
      other: 'PEPPOL-T111-B02803',
      children: {
        Response: {
          required: { ResponseCode: 'PEPPOL-T111-B02901' },
          allowed: ['EffectiveDate', 'Status'],
          other: 'PEPPOL-T111-B02902',
          children: {
            ResponseCode: {
              check: (n, fail) => {
                if (!CODES.has(n.text)) fail('PEPPOL-T111-B03001', n, `${n.text} is not an Invoice status code`);
              },
            },
            Status: {
              allowed: ['StatusReasonCode', 'StatusReason', 'Condition'],
              other: 'PEPPOL-T111-B03201',
              children: {
                StatusReasonCode: { check: checkClarificationCode },
                Condition: {
                  required: { AttributeID: 'PEPPOL-T111-B03601' },
                  allowed: ['Description'],
                  other: 'PEPPOL-T111-B03602',
                },
              },
            },
          },
        },
        DocumentReference: {
          required: { ID: 'PEPPOL-T111-B03901', DocumentTypeCode: 'PEPPOL-T111-B03902' },
          allowed: ['IssueDate'],
          other: 'PEPPOL-T111-B03903',
          children: {
            DocumentTypeCode: {
              check: (n, fail) => {
                if (!DOCUMENT_TYPE_CODES.has(n.text)) fail('PEPPOL-T111-B04201', n, `${n.text} is not a UNCL1001 code`);
              },
            },
          },
        },
        IssuerParty: {
          required: { PartyName: 'PEPPOL-T111-B04301' },
          allowed: ['PartyIdentification'],
          other: 'PEPPOL-T111-B04302',
          children: {
            PartyIdentification: partyId('PEPPOL-T111-B04401', 'PEPPOL-T111-B04501'),
            PartyName: partyName('PEPPOL-T111-B04701'),
          },
        },
        RecipientParty: {
          required: { PartyName: 'PEPPOL-T111-B04901' },
          allowed: ['PartyIdentification'],
          other: 'PEPPOL-T111-B04902',
          children: {
            PartyIdentification: partyId('PEPPOL-T111-B05001', 'PEPPOL-T111-B05101'),
            PartyName: partyName('PEPPOL-T111-B05301'),
          },
        },
      },
    },
  },
};

function checkClarificationCode(n: XmlNode, fail: Fail): void {
  const code = n.text;
  if (!REASONS_OF_LIST_ONLY.has(code) && !ACTIONS.has(code))
    fail('PEPPOL-T111-B03301', n, `${code} is in neither OPStatusReason nor OPStatusAction`);
  const listId = n.attrs.listID;
  if (listId === undefined) fail('PEPPOL-T111-B03302', n, "Attribute 'listID' MUST be present");
  else if (!CLARIFICATION_LISTS.has(listId.trim()))
    fail('PEPPOL-T111-B03303', n, `listID ${listId} is not a clarification list identifier`);
}

function walkShape(node: XmlNode, shape: Shape, fail: Fail): void {
  shape.check?.(node, fail);
  const names = node.children.map((c) => c.name);
  for (const [name, ruleId] of Object.entries(shape.required ?? {}))
    if (!names.includes(name)) fail(ruleId, node, `Element '${name}' MUST be provided`);
  const known = new Set([...Object.keys(shape.required ?? {}), ...(shape.allowed ?? [])]);
  for (const c of node.children) {
    if (shape.other && !known.has(c.name)) {
      fail(shape.other, c, 'Document MUST NOT contain elements not part of the data model');
      continue;
    }
    const sub = shape.children?.[c.name];
    if (sub) walkShape(c, sub, fail);
  }
}

/** PEPPOL-T111-R001…R007 and the common rules, anywhere in the document (the Schematron's contexts are unanchored). */
function businessRules(root: XmlNode, fail: Fail): void {
  const visit = (n: XmlNode) => {
    if (n.name === 'Response') {
      const code = textOf(n, 'ResponseCode');
      const statuses = n.children.filter((c) => c.name === 'Status');
      if (['CA', 'UQ', 'RE'].includes(code ?? '') && !statuses.some((s) => has(s, 'StatusReasonCode')))
        fail('PEPPOL-T111-R001', n, 'If status code is one of: CA, UQ or RE then there SHALL be a clarification code');
    }
    if (n.name === 'Status') {
      const codes = n.children.filter((c) => c.name === 'StatusReasonCode');
      const values = codes.map((c) => c.text);
      if (values.includes('OTH') && !has(n, 'StatusReason'))
        fail(
          'PEPPOL-T111-R002',
          n,
          'If Clarification code is OTH then Clarification reason SHOULD be provided',
          'warning',
        );
      // R005 as published tests `exists(/cbc:ResponseCode='PD')`, which is true for every document: it never fails.
      if (values.includes('PPD') && !has(n, 'StatusReason'))
        fail('PEPPOL-T111-R004', n, 'If Clarification code is PPD then Clarification reason SHALL be provided');
      for (const c of codes) {
        const listId = c.attrs.listID?.trim();
        if (listId === 'OPStatusAction' && !ACTIONS.has(c.text))
          fail('PEPPOL-T111-R006', c, 'Clarification code shall exist in the OPStatusAction code list');
        if (listId === 'OPStatusReason' && !REASONS.has(c.text))
          fail('PEPPOL-T111-R007', c, 'Clarification code shall exist in the OPStatusReason code list');
      }
    }
    if (n.name === 'CustomizationID' && !n.text.startsWith(CUSTOMIZATION))
      fail('PEPPOL-T111-R003', n, `Specification identifier SHALL start with '${CUSTOMIZATION}'`);
    if (n.children.length === 0 && n.text === '') {
      const aggregate = n.qname.startsWith('cac:');
      fail(aggregate ? 'PEPPOL-COMMON-R002' : 'PEPPOL-COMMON-R001', n, 'Document MUST not contain empty elements');
    }
    if (DATE_ELEMENTS.has(n.name) && !isDate(n.text))
      fail('PEPPOL-COMMON-R030', n, 'A date must be formatted YYYY-MM-DD');
    n.children.forEach(visit);
  };
  if (root.attrs.schemaLocation !== undefined)
    fail('PEPPOL-COMMON-R003', root, 'Document SHOULD not contain schema location', 'warning');
  visit(root);
}

const has = (n: XmlNode, name: string) => n.children.some((c) => c.name === name);
const textOf = (n: XmlNode, name: string) => n.children.find((c) => c.name === name)?.text;

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function pathOf(node: XmlNode): string {
  const names: string[] = [];
  for (let n: XmlNode | undefined = node; n; n = n.parent) names.unshift(n.name);
  return '/' + names.join('/');
}

/** Every failed rule of one Invoice Response document (fatal and warnings). */
export function checkInvoiceResponse(xml: string): ResponseRuleFailure[] {
  const root = parseXmlSafely(xml);
  const failures: ResponseRuleFailure[] = [];
  const fail: Fail = (ruleId, node, message, flag = 'fatal') =>
    failures.push({ ruleId, flag, path: pathOf(node), message });
  if (root.name === 'ApplicationResponse') walkShape(root, SHAPE, fail);
  businessRules(root, fail);
  return failures;
}

/** The fatal failures only: a response with none is valid. */
export const fatalFailures = (xml: string) => checkInvoiceResponse(xml).filter((f) => f.flag === 'fatal');
