import type { CanonicalInvoice } from '@app/domain';
import { RuleEngine } from '../../engine/rule-engine';
import { defaultRuleSettings } from '../../settings';
import { categoryInvoice, invoiceWith, validInvoice } from '../../testing/invoice.builder';
import { EN16931_RULES } from './index';

const engine = new RuleEngine(EN16931_RULES, defaultRuleSettings);
const run = (inv: CanonicalInvoice, format: 'json' | 'ubl' | 'cii' = 'json') => engine.validate(inv, { format });
const ids = (inv: CanonicalInvoice, format: 'json' | 'ubl' | 'cii' = 'json') => run(inv, format).map((f) => f.ruleId);

type Cat = Parameters<typeof categoryInvoice>[0];
interface Case {
  rule: string;
  base?: Cat;
  format?: 'json' | 'ubl' | 'cii';
  mutate: (i: CanonicalInvoice) => void;
}

const line0 = (i: CanonicalInvoice) => i.lines![0];
const charge = (i: CanonicalInvoice) => i.allowanceCharges![0];
const allowance = (i: CanonicalInvoice) => i.allowanceCharges![1];
const bd = (i: CanonicalInvoice) => i.vatBreakdown![0];

/** One failing mutation per rule; the unmutated base is the passing case. */
const FAILING: Case[] = [
  { rule: 'BR-01', format: 'ubl', mutate: (i) => delete i.customizationId },
  { rule: 'BR-02', mutate: (i) => delete i.invoiceNumber },
  { rule: 'BR-03', mutate: (i) => delete i.issueDate },
  { rule: 'BR-04', mutate: (i) => delete i.typeCode },
  { rule: 'BR-05', mutate: (i) => delete i.currency },
  { rule: 'BR-06', mutate: (i) => delete i.seller!.name },
  { rule: 'BR-07', mutate: (i) => delete i.buyer!.name },
  {
    rule: 'BR-08',
    mutate: (i) => {
      delete i.seller!.address;
      delete i.seller!.countryCode;
    },
  },
  {
    rule: 'BR-09',
    mutate: (i) => {
      delete i.seller!.address!.countryCode;
      delete i.seller!.countryCode;
    },
  },
  {
    rule: 'BR-10',
    mutate: (i) => {
      delete i.buyer!.address;
      delete i.buyer!.countryCode;
    },
  },
  {
    rule: 'BR-11',
    mutate: (i) => {
      delete i.buyer!.address!.countryCode;
      delete i.buyer!.countryCode;
    },
  },
  { rule: 'BR-12', mutate: (i) => delete i.totals!.lineNetTotal },
  { rule: 'BR-13', mutate: (i) => delete i.totals!.taxExclusive },
  { rule: 'BR-14', mutate: (i) => delete i.totals!.taxInclusive },
  { rule: 'BR-15', mutate: (i) => delete i.totals!.payable },
  { rule: 'BR-16', mutate: (i) => (i.lines = []) },
  { rule: 'BR-17', mutate: (i) => (i.payee = { name: 'Acme Oy' }) },
  {
    rule: 'BR-18',
    mutate: (i) => (i.sellerTaxRepresentative = { vatId: 'SE556677889901', address: { countryCode: 'SE' } }),
  },
  { rule: 'BR-19', mutate: (i) => (i.sellerTaxRepresentative = { name: 'Rep AB', vatId: 'SE556677889901' }) },
  {
    rule: 'BR-20',
    mutate: (i) =>
      (i.sellerTaxRepresentative = { name: 'Rep AB', vatId: 'SE556677889901', address: { city: 'Stockholm' } }),
  },
  { rule: 'BR-21', mutate: (i) => delete line0(i).id },
  { rule: 'BR-22', mutate: (i) => delete line0(i).quantity },
  { rule: 'BR-23', mutate: (i) => delete line0(i).unitCode },
  { rule: 'BR-24', mutate: (i) => delete line0(i).netAmount },
  { rule: 'BR-25', mutate: (i) => delete line0(i).name },
  { rule: 'BR-26', mutate: (i) => delete line0(i).unitPrice },
  { rule: 'BR-27', mutate: (i) => (line0(i).unitPrice = '-500.00') },
  { rule: 'BR-28', mutate: (i) => (line0(i).grossPrice = '-1') },
  { rule: 'BR-29', mutate: (i) => (i.invoicePeriod = { startDate: '2026-03-31', endDate: '2026-03-01' }) },
  { rule: 'BR-30', mutate: (i) => (line0(i).period = { startDate: '2026-03-31', endDate: '2026-03-01' }) },
  { rule: 'BR-31', mutate: (i) => delete allowance(i).amount },
  { rule: 'BR-32', mutate: (i) => delete allowance(i).vatCategory },
  {
    rule: 'BR-33',
    mutate: (i) => {
      delete allowance(i).reason;
      delete allowance(i).reasonCode;
    },
  },
  { rule: 'BR-36', mutate: (i) => delete charge(i).amount },
  { rule: 'BR-37', mutate: (i) => delete charge(i).vatCategory },
  {
    rule: 'BR-38',
    mutate: (i) => {
      delete charge(i).reason;
      delete charge(i).reasonCode;
    },
  },
  { rule: 'BR-41', mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: false, reason: 'Bulk' }]) },
  { rule: 'BR-42', mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: false, amount: '1.00' }]) },
  { rule: 'BR-43', mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: true, reason: 'Setup' }]) },
  { rule: 'BR-44', mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: true, amount: '1.00' }]) },
  { rule: 'BR-45', mutate: (i) => delete bd(i).taxableAmount },
  { rule: 'BR-46', mutate: (i) => delete bd(i).taxAmount },
  { rule: 'BR-47', mutate: (i) => delete bd(i).category },
  { rule: 'BR-48', mutate: (i) => delete bd(i).rate },
  { rule: 'BR-49', mutate: (i) => delete i.paymentMeans![0].typeCode },
  { rule: 'BR-50', mutate: (i) => (i.paymentMeans![0].accounts = [{ name: 'Acme' }]) },
  {
    rule: 'BR-51',
    mutate: (i) => (i.paymentMeans = [{ typeCode: '48', card: { primaryAccountNumber: '4111111111111111' } }]),
  },
  { rule: 'BR-52', mutate: (i) => (i.additionalDocuments = [{ id: ' ', description: 'Timesheet' }]) },
  { rule: 'BR-53', mutate: (i) => (i.taxCurrency = 'SEK') },
  { rule: 'BR-54', mutate: (i) => (line0(i).attributes = [{ name: 'Colour' }]) },
  { rule: 'BR-55', mutate: (i) => (i.precedingInvoices = [{ number: '' }]) },
  { rule: 'BR-56', mutate: (i) => (i.sellerTaxRepresentative = { name: 'Rep AB', address: { countryCode: 'SE' } }) },
  { rule: 'BR-57', mutate: (i) => (i.delivery = { address: { city: 'Oulu' } }) },
  { rule: 'BR-61', mutate: (i) => (i.paymentMeans = [{ typeCode: '30' }]) },
  { rule: 'BR-62', mutate: (i) => delete i.seller!.electronicAddress!.schemeId },
  { rule: 'BR-63', mutate: (i) => (i.buyer!.electronicAddress = { id: 'x@example.com' }) },
  { rule: 'BR-64', mutate: (i) => (line0(i).standardItemId = { id: '4006381333931' }) },
  { rule: 'BR-65', mutate: (i) => (line0(i).classificationCodes = [{ code: '30213100' }]) },
  { rule: 'BR-B-01', mutate: (i) => (line0(i).vatCategory = 'B') },
  {
    rule: 'BR-B-02',
    mutate: (i) => {
      i.lines!.push({ ...line0(i), id: '2', vatCategory: 'B' });
    },
  },
  { rule: 'BR-CO-04', mutate: (i) => delete line0(i).vatCategory },
  { rule: 'BR-CO-09', mutate: (i) => (i.seller!.vatId = '02089088') },
  { rule: 'BR-CO-10', mutate: (i) => (i.totals!.lineNetTotal = '1100.01') },
  { rule: 'BR-CO-11', mutate: (i) => (i.totals!.allowanceTotal = '6.00') },
  { rule: 'BR-CO-12', mutate: (i) => delete i.totals!.chargeTotal },
  { rule: 'BR-CO-13', mutate: (i) => (i.totals!.taxExclusive = '1100.00') },
  { rule: 'BR-CO-14', mutate: (i) => (i.totals!.taxTotal = '281.77') },
  { rule: 'BR-CO-15', mutate: (i) => (i.totals!.taxInclusive = '1386.79') },
  { rule: 'BR-CO-16', mutate: (i) => (i.totals!.payable = '1386.00') },
  { rule: 'BR-CO-17', mutate: (i) => (bd(i).taxAmount = '300.00') },
  { rule: 'BR-CO-18', mutate: (i) => (i.vatBreakdown = []) },
  { rule: 'BR-CO-19', mutate: (i) => (i.invoicePeriod = {}) },
  { rule: 'BR-CO-20', mutate: (i) => (line0(i).period = {}) },
  {
    rule: 'BR-CO-21',
    mutate: (i) => {
      delete allowance(i).reason;
      delete allowance(i).reasonCode;
    },
  },
  {
    rule: 'BR-CO-22',
    mutate: (i) => {
      delete charge(i).reason;
      delete charge(i).reasonCode;
    },
  },
  { rule: 'BR-CO-23', mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: false, amount: '1.00' }]) },
  { rule: 'BR-CO-24', mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: true, amount: '1.00' }]) },
  { rule: 'BR-CO-25', mutate: (i) => delete i.dueDate },
  {
    rule: 'BR-CO-03',
    mutate: (i) => {
      i.taxPointDate = '2026-03-01';
      i.taxPointDateCode = '3';
    },
  },
  {
    rule: 'BR-CO-26',
    mutate: (i) => {
      delete i.seller!.vatId;
      delete i.seller!.legalRegistrationId;
    },
  },
  // VAT categories: standard rated
  { rule: 'BR-S-01', mutate: (i) => (bd(i).category = 'Z') },
  {
    rule: 'BR-S-02',
    mutate: (i) => {
      delete i.seller!.vatId;
    },
  },
  {
    rule: 'BR-S-03',
    mutate: (i) => {
      delete i.seller!.vatId;
    },
  },
  {
    rule: 'BR-S-04',
    mutate: (i) => {
      delete i.seller!.vatId;
    },
  },
  { rule: 'BR-S-05', mutate: (i) => (line0(i).vatRate = '0') },
  { rule: 'BR-S-06', mutate: (i) => (allowance(i).vatRate = '0') },
  { rule: 'BR-S-07', mutate: (i) => delete charge(i).vatRate },
  { rule: 'BR-S-08', mutate: (i) => (bd(i).taxableAmount = '1200.00') },
  { rule: 'BR-S-09', mutate: (i) => (bd(i).taxAmount = '250.00') },
  { rule: 'BR-S-10', mutate: (i) => (bd(i).exemptionReason = 'Exempt') },
  ...zeroTaxCategoryCases('Z', 'BR-Z'),
  ...zeroTaxCategoryCases('E', 'BR-E'),
  ...zeroTaxCategoryCases('AE', 'BR-AE'),
  ...zeroTaxCategoryCases('K', 'BR-IC'),
  ...zeroTaxCategoryCases('G', 'BR-G'),
  ...zeroTaxCategoryCases('O', 'BR-O'),
  ...taxedSpecialCases('L', 'BR-IG'),
  ...taxedSpecialCases('M', 'BR-IP'),
  { rule: 'BR-IC-11', base: 'K', mutate: (i) => delete i.delivery!.date },
  { rule: 'BR-IC-12', base: 'K', mutate: (i) => delete i.delivery!.address },
  {
    rule: 'BR-O-11',
    base: 'O',
    mutate: (i) => i.vatBreakdown!.push({ category: 'S', rate: '25.5', taxableAmount: '0.00', taxAmount: '0.00' }),
  },
  { rule: 'BR-O-12', base: 'O', mutate: (i) => (line0(i).vatCategory = 'E') },
  { rule: 'BR-O-13', base: 'O', mutate: (i) => (allowance(i).vatCategory = 'S') },
  { rule: 'BR-O-14', base: 'O', mutate: (i) => (charge(i).vatCategory = 'S') },
  // code lists
  { rule: 'BR-CL-01', mutate: (i) => (i.typeCode = '999') },
  { rule: 'BR-CL-03', format: 'ubl', mutate: (i) => (i.amountCurrencyIds = ['EUR', 'EURO']) },
  { rule: 'BR-CL-04', mutate: (i) => (i.currency = 'EURO') },
  { rule: 'BR-CL-05', mutate: (i) => (i.taxCurrency = 'XYZ') },
  { rule: 'BR-CL-06', mutate: (i) => (i.taxPointDateCode = '31') },
  { rule: 'BR-CL-08', mutate: (i) => (i.notes = ['#ZZX#Something']) },
  { rule: 'BR-CL-07', mutate: (i) => (i.additionalDocuments = [{ id: 'OBJ-1', typeCode: '130', schemeId: 'XXX' }]) },
  { rule: 'BR-CL-10', mutate: (i) => (i.buyer!.identifiers = [{ id: '1', schemeId: 'SEPA' }]) },
  {
    rule: 'BR-CL-11',
    mutate: (i) => {
      i.seller!.legalRegistrationId = '0208089-8';
      i.seller!.legalRegistrationSchemeId = '9999';
    },
  },
  { rule: 'BR-CL-13', mutate: (i) => (line0(i).classificationCodes = [{ code: '1', listId: 'XXX' }]) },
  { rule: 'BR-CL-14', mutate: (i) => (i.seller!.address!.countryCode = 'XX') },
  { rule: 'BR-CL-15', mutate: (i) => (line0(i).originCountry = 'UK') },
  { rule: 'BR-CL-16', mutate: (i) => (i.paymentMeans![0].typeCode = '99') },
  { rule: 'BR-CL-17', mutate: (i) => (bd(i).category = 'X') },
  { rule: 'BR-CL-18', mutate: (i) => (line0(i).vatCategory = 'V') },
  { rule: 'BR-CL-19', mutate: (i) => (allowance(i).reasonCode = '109') },
  { rule: 'BR-CL-20', mutate: (i) => (charge(i).reasonCode = 'SB') },
  { rule: 'BR-CL-21', mutate: (i) => (line0(i).standardItemId = { id: '1', schemeId: '0283' }) },
  { rule: 'BR-CL-22', base: 'E', mutate: (i) => (bd(i).exemptionReasonCode = 'VATEX-EU-999') },
  { rule: 'BR-CL-23', mutate: (i) => (line0(i).unitCode = 'MO') },
  {
    rule: 'BR-CL-24',
    mutate: (i) =>
      (i.additionalDocuments = [{ id: 'TS-1', attachment: { mimeCode: 'application/xml', filename: 'ts.xml' } }]),
  },
  { rule: 'BR-CL-25', mutate: (i) => (i.seller!.electronicAddress!.schemeId = '9999') },
  // decimals
  { rule: 'BR-DEC-01', mutate: (i) => (allowance(i).amount = '5.001') },
  { rule: 'BR-DEC-02', mutate: (i) => (allowance(i).baseAmount = '5.001') },
  { rule: 'BR-DEC-05', mutate: (i) => (charge(i).amount = '10.001') },
  { rule: 'BR-DEC-06', mutate: (i) => (charge(i).baseAmount = '10.001') },
  { rule: 'BR-DEC-09', mutate: (i) => (i.totals!.lineNetTotal = '1100.000') },
  { rule: 'BR-DEC-10', mutate: (i) => (i.totals!.allowanceTotal = '5.000') },
  { rule: 'BR-DEC-11', mutate: (i) => (i.totals!.chargeTotal = '10.000') },
  { rule: 'BR-DEC-12', mutate: (i) => (i.totals!.taxExclusive = '1105.000') },
  { rule: 'BR-DEC-13', mutate: (i) => (i.totals!.taxTotal = '281.780') },
  { rule: 'BR-DEC-14', mutate: (i) => (i.totals!.taxInclusive = '1386.780') },
  {
    rule: 'BR-DEC-15',
    mutate: (i) => {
      i.taxCurrency = 'SEK';
      i.totals!.taxTotalAccountingCurrency = '3000.123';
    },
  },
  { rule: 'BR-DEC-16', mutate: (i) => (i.totals!.prepaid = '0.001') },
  { rule: 'BR-DEC-17', mutate: (i) => (i.totals!.rounding = '0.001') },
  { rule: 'BR-DEC-18', mutate: (i) => (i.totals!.payable = '1386.780') },
  { rule: 'BR-DEC-19', mutate: (i) => (bd(i).taxableAmount = '1105.000') },
  { rule: 'BR-DEC-20', mutate: (i) => (bd(i).taxAmount = '281.780') },
  { rule: 'BR-DEC-23', mutate: (i) => (line0(i).netAmount = '1000.000') },
  {
    rule: 'BR-DEC-24',
    mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: false, amount: '1.001', reason: 'x' }]),
  },
  {
    rule: 'BR-DEC-25',
    mutate: (i) =>
      (line0(i).allowanceCharges = [{ chargeIndicator: false, amount: '1.00', baseAmount: '1.001', reason: 'x' }]),
  },
  {
    rule: 'BR-DEC-27',
    mutate: (i) => (line0(i).allowanceCharges = [{ chargeIndicator: true, amount: '1.001', reason: 'x' }]),
  },
  {
    rule: 'BR-DEC-28',
    mutate: (i) =>
      (line0(i).allowanceCharges = [{ chargeIndicator: true, amount: '1.00', baseAmount: '1.001', reason: 'x' }]),
  },
];

function zeroTaxCategoryCases(c: Cat, p: string): Case[] {
  const ids: Record<string, (i: CanonicalInvoice) => void> = {
    Z: (i) => delete i.seller!.vatId,
    E: (i) => delete i.seller!.vatId,
    G: (i) => delete i.seller!.vatId,
    AE: (i) => delete i.buyer!.vatId,
    K: (i) => delete i.buyer!.vatId,
    O: (i) => (i.buyer!.vatId = 'FI12345671'),
  };
  return [
    { rule: `${p}-01`, base: c, mutate: (i) => i.vatBreakdown!.push({ ...bd(i) }) },
    { rule: `${p}-02`, base: c, mutate: ids[c] },
    { rule: `${p}-03`, base: c, mutate: ids[c] },
    { rule: `${p}-04`, base: c, mutate: ids[c] },
    { rule: `${p}-05`, base: c, mutate: (i) => (line0(i).vatRate = '10') },
    { rule: `${p}-06`, base: c, mutate: (i) => (allowance(i).vatRate = '10') },
    { rule: `${p}-07`, base: c, mutate: (i) => (charge(i).vatRate = '10') },
    { rule: `${p}-08`, base: c, mutate: (i) => (bd(i).taxableAmount = '1104.99') },
    { rule: `${p}-09`, base: c, mutate: (i) => (bd(i).taxAmount = '1.00') },
    {
      rule: `${p}-10`,
      base: c,
      mutate: (i) => (c === 'Z' ? (bd(i).exemptionReason = 'Zero') : delete bd(i).exemptionReasonCode),
    },
  ];
}

function taxedSpecialCases(c: Cat, p: string): Case[] {
  return [
    { rule: `${p}-01`, base: c, mutate: (i) => (bd(i).category = 'S') },
    { rule: `${p}-02`, base: c, mutate: (i) => delete i.seller!.vatId },
    { rule: `${p}-03`, base: c, mutate: (i) => delete i.seller!.vatId },
    { rule: `${p}-04`, base: c, mutate: (i) => delete i.seller!.vatId },
    { rule: `${p}-05`, base: c, mutate: (i) => (line0(i).vatRate = '-1') },
    { rule: `${p}-06`, base: c, mutate: (i) => (allowance(i).vatRate = '-1') },
    { rule: `${p}-07`, base: c, mutate: (i) => delete charge(i).vatRate },
    { rule: `${p}-08`, base: c, mutate: (i) => (bd(i).taxableAmount = '1200.00') },
    { rule: `${p}-09`, base: c, mutate: (i) => (bd(i).taxAmount = '90.00') },
    { rule: `${p}-10`, base: c, mutate: (i) => (bd(i).exemptionReason = 'Exempt') },
  ];
}

describe('EN 16931 pack on canonical JSON', () => {
  it.each(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'] as Cat[])(
    'a valid %s-category invoice has no finding',
    (c) => {
      expect(run(categoryInvoice(c))).toEqual([]);
    },
  );

  it('covers every rule of the pack with a failing case', () => {
    const covered = new Set(FAILING.map((c) => c.rule));
    expect(EN16931_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(FAILING.map((c) => [c.rule, c] as const))(
    '%s fires on its failing case and not on the valid base',
    (rule, c) => {
      const base = categoryInvoice(c.base ?? 'S');
      expect(ids(base, c.format ?? 'json')).not.toContain(rule);
      const broken = structuredClone(base);
      c.mutate(broken);
      const findings = run(broken, c.format ?? 'json').filter((f) => f.ruleId === rule);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) {
        expect(f.severity).toBe(rule === 'BR-51' ? 'warning' : 'blocking');
        expect(f.message.length).toBeGreaterThan(10);
        expect(f.hint).toBeTruthy();
        expect(f.routeKey).toMatch(/^(vat|data)\.(FI|SE|XX)$/);
      }
    },
  );
});

describe('EN 16931 specifics', () => {
  it('accepts the API.md example invoice without a blocking finding', () => {
    const example: CanonicalInvoice = {
      invoiceNumber: 'INV-2026-0001',
      issueDate: '2026-11-02',
      typeCode: '380',
      currency: 'EUR',
      dueDate: '2026-12-02',
      purchaseOrderReference: 'PO-778',
      seller: {
        name: 'Acme Oy',
        vatId: 'FI02089088',
        countryCode: 'FI',
        address: { line1: 'Mannerheimintie 1', city: 'Helsinki', postalCode: '00100' },
        iban: 'FI2112345600000785',
      },
      buyer: { name: 'Our entity FI', vatId: 'FI12345671', countryCode: 'FI' },
      lines: [
        {
          id: '1',
          description: 'Laptop',
          quantity: '2',
          unitCode: 'C62',
          unitPrice: '500.00',
          netAmount: '1000.00',
          vatCategory: 'S',
          vatRate: '25.5',
          poLineReference: '1',
        },
      ],
      vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '1000.00', taxAmount: '255.00' }],
      totals: {
        lineNetTotal: '1000.00',
        taxExclusive: '1000.00',
        taxTotal: '255.00',
        taxInclusive: '1255.00',
        payable: '1255.00',
      },
    };
    expect(run(example).filter((f) => f.severity === 'blocking')).toEqual([]);
  });

  it('BR-01 is not required of canonical JSON but of XML', () => {
    const withoutSpec = invoiceWith((i) => delete i.customizationId);
    expect(ids(withoutSpec, 'json')).not.toContain('BR-01');
    expect(ids(withoutSpec, 'cii')).toContain('BR-01');
  });

  it('routes tax findings to vat.<CC> and data findings to data.<CC>, preferring the buying entity', () => {
    const inv = invoiceWith((i) => {
      i.totals!.lineNetTotal = '1.00';
      line0(i).vatRate = '0';
    });
    const f = engine.validate(inv, { buyerCountry: 'EE' });
    expect(f.find((x) => x.ruleId === 'BR-CO-10')!.routeKey).toBe('data.EE');
    expect(f.find((x) => x.ruleId === 'BR-S-05')!.routeKey).toBe('vat.EE');
    const noCountry = invoiceWith((i) => {
      i.totals!.lineNetTotal = '1.00';
      delete i.buyer!.address;
      delete i.buyer!.countryCode;
    });
    expect(run(noCountry).find((x) => x.ruleId === 'BR-CO-10')!.routeKey).toBe('data.XX');
  });

  it('BR-CO-10 compares the rounded line sum, so sub-cent line amounts pass', () => {
    const inv = invoiceWith((i) => {
      line0(i).netAmount = '999.996';
      i.lines![1].netAmount = '100.001';
    });
    expect(ids(inv)).not.toContain('BR-CO-10');
  });

  it('BR-CO-10 reports expected and actual with the line sum', () => {
    const f = run(invoiceWith((i) => (i.totals!.lineNetTotal = '1200.00'))).find((x) => x.ruleId === 'BR-CO-10')!;
    expect(f).toMatchObject({
      fieldPath: 'totals.lineNetTotal',
      expected: '1100.00',
      actual: '1200.00',
      category: 'data-quality',
    });
  });

  it('BR-CO-14 sums a breakdown of more than 900 rows exactly: equal passes, a cent off is reported', () => {
    // 1,000 rows of 0.01 VAT (the breakdown is not consistent with the lines: only BR-CO-14 is looked at).
    const rows = (i: CanonicalInvoice) =>
      (i.vatBreakdown = Array.from({ length: 1_000 }, (_, k) => ({
        ...bd(i),
        rate: String(k % 50),
        taxAmount: '0.01',
      })));
    expect(ids(invoiceWith((i) => (rows(i), (i.totals!.taxTotal = '10.00'))))).not.toContain('BR-CO-14');
    const off = run(invoiceWith((i) => (rows(i), (i.totals!.taxTotal = '10.01')))).find((x) => x.ruleId === 'BR-CO-14');
    expect(off).toMatchObject({ fieldPath: 'totals.taxTotal', expected: '10.00', actual: '10.01' });
  });

  it("BR-CO-17 allows the standard's one-unit tolerance and no more", () => {
    expect(
      ids(
        invoiceWith((i) => {
          bd(i).taxAmount = '282.50';
          i.totals!.taxTotal = '282.50';
          i.totals!.taxInclusive = '1387.50';
          i.totals!.payable = '1387.50';
        }),
      ),
    ).not.toContain('BR-CO-17');
    expect(ids(invoiceWith((i) => (bd(i).taxAmount = '282.78')))).toContain('BR-CO-17');
  });

  it('BR-CO-16 takes prepaid and rounding amounts into account', () => {
    expect(
      ids(
        invoiceWith((i) => {
          i.totals!.prepaid = '386.78';
          i.totals!.payable = '1000.00';
        }),
      ),
    ).not.toContain('BR-CO-16');
    expect(
      ids(
        invoiceWith((i) => {
          i.totals!.rounding = '0.22';
          i.totals!.payable = '1387.00';
        }),
      ),
    ).not.toContain('BR-CO-16');
    expect(
      ids(
        invoiceWith((i) => {
          i.totals!.rounding = '0.22';
          i.totals!.payable = '1386.78';
        }),
      ),
    ).toContain('BR-CO-16');
  });

  it('BR-S-08 matches breakdowns to lines per rounded rate', () => {
    const twoRates = invoiceWith((i) => {
      i.lines![1].vatRate = '14';
      i.allowanceCharges = [];
      i.vatBreakdown = [
        { category: 'S', rate: '25.5', taxableAmount: '1000.00', taxAmount: '255.00' },
        { category: 'S', rate: '14', taxableAmount: '100.00', taxAmount: '14.00' },
      ];
      i.totals = {
        lineNetTotal: '1100.00',
        taxExclusive: '1100.00',
        taxTotal: '269.00',
        taxInclusive: '1369.00',
        payable: '1369.00',
      };
    });
    expect(run(twoRates)).toEqual([]);
    const swapped = structuredClone(twoRates);
    swapped.vatBreakdown![1].rate = '10';
    swapped.vatBreakdown![1].taxAmount = '10.00';
    expect(ids(swapped)).toContain('BR-S-08');
  });

  it('reports a rule that throws as ENGINE-RULE-ERROR instead of failing the invoice', () => {
    const broken = new RuleEngine(
      [
        {
          id: 'X-1',
          category: 'data-quality',
          severity: 'blocking',
          description: 'x',
          pack: 'test',
          evaluate: () => {
            throw new Error('boom');
          },
        },
      ],
      defaultRuleSettings,
    );
    expect(broken.validate(validInvoice())).toEqual([
      expect.objectContaining({ ruleId: 'ENGINE-RULE-ERROR', severity: 'warning', actual: 'boom' }),
    ]);
  });

  it('survives garbage in every amount without throwing', () => {
    const inv = invoiceWith((i) => {
      line0(i).netAmount = 'abc';
      bd(i).rate = '1e3';
      i.totals!.payable = '';
      charge(i).amount = '--1';
    });
    const f = run(inv);
    expect(f.some((x) => x.ruleId === 'ENGINE-RULE-ERROR')).toBe(false);
    expect(f.length).toBeGreaterThan(0);
  });
});
