import Decimal from 'decimal.js';
import type { CanonicalInvoice, CanonicalParty } from '@app/domain';
import type { RuleContext, RuleDefinition, Finding } from '../../../../engine/rule';
import { defaultRuleSettings } from '../../../../settings/default-rule-settings';
import { vatRatesOn } from '../../../../settings/vat-rates-on.util';

interface CountryFixture {
  currency: string;
  seller: CanonicalParty;
  buyer: CanonicalParty;
  iban: string;
}

const party = (
  name: string,
  vatId: string,
  cc: string,
  line1: string,
  city: string,
  postalCode: string,
  extra: Partial<CanonicalParty> = {},
): CanonicalParty => ({
  name,
  vatId,
  countryCode: cc,
  address: { line1, city, postalCode, countryCode: cc },
  ...extra,
});

/** One real-looking supplier and buying entity per country; every VAT id and IBAN passes its checksum. */
export const COUNTRY_FIXTURES: Record<string, CountryFixture> = {
  EE: {
    currency: 'EUR',
    iban: 'EE382200221020145685',
    seller: party('Tallinna Tarkvara OÜ', 'EE100931558', 'EE', 'Narva mnt 5', 'Tallinn', '10117'),
    buyer: party('Our entity EE', 'EE102156784', 'EE', 'Pärnu mnt 10', 'Tallinn', '10148'),
  },
  FI: {
    currency: 'EUR',
    iban: 'FI2112345600000785',
    seller: party('Acme Oy', 'FI02089088', 'FI', 'Mannerheimintie 1', 'Helsinki', '00100'),
    buyer: party('Our entity FI', 'FI01120389', 'FI', 'Keilalahdentie 2', 'Espoo', '02150'),
  },
  SE: {
    currency: 'SEK',
    iban: 'SE4550000000058398257466',
    seller: party('Verktyg AB', 'SE556012579001', 'SE', 'Storgatan 1', 'Göteborg', '41101', {
      legalRegistrationId: '5560125790',
      taxRegistrationId: 'Godkänd för F-skatt',
    }),
    buyer: party('Our entity SE', 'SE556036079301', 'SE', 'Drottninggatan 2', 'Stockholm', '11151'),
  },
  NO: {
    currency: 'NOK',
    iban: 'NO9386011117947',
    seller: party('Verktøy AS', 'NO923609016MVA', 'NO', 'Forusbeen 50', 'Stavanger', '4035', {
      legalRegistrationId: '923609016',
      taxRegistrationId: 'Foretaksregisteret',
    }),
    buyer: party('Our entity NO', 'NO984851006MVA', 'NO', 'Dronning Eufemias gate 30', 'Oslo', '0191'),
  },
  DK: {
    currency: 'DKK',
    iban: 'DK5000400440116243',
    seller: party('Værktøj ApS', 'DK24256790', 'DK', 'Novo Allé 1', 'Bagsværd', '2880', {
      legalRegistrationId: '24256790',
      legalRegistrationSchemeId: '0184',
    }),
    buyer: party('Our entity DK', 'DK31271231', 'DK', 'Vesterbrogade 3', 'København', '1620'),
  },
  LV: {
    currency: 'EUR',
    iban: 'LV80BANK0000435195001',
    seller: party('Rīgas Rīki SIA', 'LV40003009497', 'LV', 'Brīvības iela 1', 'Rīga', 'LV-1010'),
    buyer: party('Our entity LV', 'LV40003123453', 'LV', 'Elizabetes iela 2', 'Rīga', 'LV-1010'),
  },
  LT: {
    currency: 'EUR',
    iban: 'LT121000011101001000',
    seller: party('Vilniaus Įrankiai UAB', 'LT119511515', 'LT', 'Gedimino pr. 1', 'Vilnius', '01103'),
    buyer: party('Our entity LT', 'LT100001919017', 'LT', 'Konstitucijos pr. 7', 'Vilnius', '09308'),
  },
  PL: {
    currency: 'PLN',
    iban: 'PL61109010140000071219812874',
    seller: party('Narzędzia Sp. z o.o.', 'PL8567346215', 'PL', 'ul. Marszałkowska 1', 'Warszawa', '00-624'),
    buyer: party('Our entity PL', 'PL5260250274', 'PL', 'ul. Świętokrzyska 12', 'Warszawa', '00-916'),
  },
  DE: {
    currency: 'EUR',
    iban: 'DE89370400440532013000',
    seller: party('Werkzeug GmbH', 'DE136695976', 'DE', 'Hauptstraße 1', 'Berlin', '10115'),
    buyer: party('Our entity DE', 'DE811907980', 'DE', 'Königsallee 2', 'Düsseldorf', '40212'),
  },
  NL: {
    currency: 'EUR',
    iban: 'NL91ABNA0417164300',
    seller: party('Gereedschap B.V.', 'NL004495445B01', 'NL', 'Damrak 1', 'Amsterdam', '1012 LG', {
      legalRegistrationId: '57151520',
      legalRegistrationSchemeId: '0106',
    }),
    buyer: party('Our entity NL', 'NL812345678B01', 'NL', 'Coolsingel 2', 'Rotterdam', '3011 AD', {
      legalRegistrationId: '24321223',
      legalRegistrationSchemeId: '0106',
    }),
  },
};

const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export interface DomesticInvoiceOptions {
  issueDate?: string;
  /** Rate of the first (standard-rated) line; defaults to the standard rate in force on the issue date. */
  standardRate?: string;
}

/**
 * A complete, valid domestic invoice in canonical JSON for a country: one line at the standard rate, one
 * at the first reduced rate (where the country has one), breakdown and totals computed with decimals.
 */
export function domesticInvoice(cc: string, options: DomesticInvoiceOptions = {}): CanonicalInvoice {
  const f = COUNTRY_FIXTURES[cc];
  const issueDate = options.issueDate ?? '2026-03-02';
  const rates = vatRatesOn(defaultRuleSettings(), cc, issueDate)!;
  const lineRates = [options.standardRate ?? rates.standard, ...rates.reduced.slice(0, 1)];
  const nets = ['1000.00', '200.00'];
  const lines = lineRates.map((rate, i) => ({
    id: String(i + 1),
    name: i === 0 ? 'Laptop' : 'Manual',
    quantity: i === 0 ? '2' : '4',
    unitCode: 'C62',
    unitPrice: i === 0 ? '500.00' : '50.00',
    netAmount: nets[i],
    vatCategory: 'S',
    vatRate: rate,
    poLineReference: String(i + 1),
  }));
  const vatBreakdown = lines.map((l) => ({
    category: 'S',
    rate: l.vatRate,
    taxableAmount: l.netAmount,
    taxAmount: money(new Decimal(l.netAmount).mul(l.vatRate).div(100)),
  }));
  const net = lines.reduce((s, l) => s.plus(l.netAmount), new Decimal(0));
  const tax = vatBreakdown.reduce((s, b) => s.plus(b.taxAmount), new Decimal(0));
  const due = new Date(`${issueDate}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 30);
  return {
    customizationId: 'urn:cen.eu:en16931:2017',
    invoiceNumber: `INV-${cc}-0001`,
    issueDate,
    typeCode: '380',
    currency: f.currency,
    dueDate: due.toISOString().slice(0, 10),
    buyerReference: `REF-${cc}-1`,
    purchaseOrderReference: `PO-${cc}-778`,
    delivery: { date: issueDate },
    seller: { ...structuredClone(f.seller), iban: f.iban },
    buyer: structuredClone(f.buyer),
    paymentMeans: [{ typeCode: '58', accounts: [{ iban: f.iban }] }],
    lines,
    vatBreakdown,
    totals: {
      lineNetTotal: money(net),
      taxExclusive: money(net),
      taxTotal: money(tax),
      taxInclusive: money(net.plus(tax)),
      payable: money(net.plus(tax)),
    },
  };
}

export function contextFor(invoice: CanonicalInvoice, extra: Partial<RuleContext> = {}): RuleContext {
  return { invoice, settings: defaultRuleSettings(), ...extra };
}

/** Runs rules directly (no engine), as the spec files of the packs do. */
export function run(rules: RuleDefinition | RuleDefinition[], ctx: RuleContext): Finding[] {
  return ([] as RuleDefinition[]).concat(rules).flatMap((r) => r.evaluate(ctx));
}

export function ruleById(rules: RuleDefinition[], id: string): RuleDefinition {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}
