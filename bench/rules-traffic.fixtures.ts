/**
 * Master data of the generated traffic: our ten buying entities and, per country, domestic suppliers
 * whose identifiers are real-world valid (VAT ids with correct check digits, IBANs with correct check
 * digits and national format), so a clean invoice passes every identifier rule.
 */
import { composeIBAN, extractIBAN, isValidIBAN } from 'ibantools';
import type { SupplierRecord } from '@app/rules';

export interface BuyingEntity {
  cc: string;
  currency: string;
  /** Standard VAT rate in force during the generated issue dates (2026-01 .. 2026-03). */
  rate: string;
  /** A standard rate of the same country no longer in force then (rate changes), for the stale-rate defect. */
  staleRate?: string;
  vatId: string;
  /** Payment means code the country's national rules accept for a credit transfer. */
  paymentMeansCode: string;
  /** A sample IBAN of the country; supplier accounts are derived from it. */
  sampleIban: string;
}

export const ENTITIES: BuyingEntity[] = [
  {
    cc: 'EE',
    currency: 'EUR',
    rate: '24',
    staleRate: '22',
    vatId: 'EE102156784',
    paymentMeansCode: '58',
    sampleIban: 'EE382200221020145685',
  },
  {
    cc: 'FI',
    currency: 'EUR',
    rate: '25.5',
    staleRate: '24',
    vatId: 'FI01120389',
    paymentMeansCode: '58',
    sampleIban: 'FI2112345600000785',
  },
  {
    cc: 'SE',
    currency: 'SEK',
    rate: '25',
    vatId: 'SE556012579001',
    paymentMeansCode: '30',
    sampleIban: 'SE4550000000058398257466',
  },
  {
    cc: 'NO',
    currency: 'NOK',
    rate: '25',
    vatId: 'NO984851006MVA',
    paymentMeansCode: '30',
    sampleIban: 'NO9386011117947',
  },
  {
    cc: 'DK',
    currency: 'DKK',
    rate: '25',
    vatId: 'DK31271231',
    paymentMeansCode: '58',
    sampleIban: 'DK5000400440116243',
  },
  {
    cc: 'LV',
    currency: 'EUR',
    rate: '21',
    staleRate: '22',
    vatId: 'LV40003123453',
    paymentMeansCode: '58',
    sampleIban: 'LV80BANK0000435195001',
  },
  {
    cc: 'LT',
    currency: 'EUR',
    rate: '21',
    vatId: 'LT119511515',
    paymentMeansCode: '58',
    sampleIban: 'LT121000011101001000',
  },
  {
    cc: 'PL',
    currency: 'PLN',
    rate: '23',
    staleRate: '22',
    vatId: 'PL5260250274',
    paymentMeansCode: '30',
    sampleIban: 'PL61109010140000071219812874',
  },
  {
    cc: 'DE',
    currency: 'EUR',
    rate: '19',
    staleRate: '16',
    vatId: 'DE811907980',
    paymentMeansCode: '58',
    sampleIban: 'DE89370400440532013000',
  },
  {
    cc: 'NL',
    currency: 'EUR',
    rate: '21',
    staleRate: '19',
    vatId: 'NL812345678B01',
    paymentMeansCode: '58',
    sampleIban: 'NL91ABNA0417164300',
  },
];

/** Supplier VAT ids with valid check digits, and one mistyped variant each (last digit changed: fails the checksum). */
const SUPPLIER_VAT_IDS: Record<string, { valid: string; mistyped: string }> = {
  EE: { valid: 'EE100931558', mistyped: 'EE100931559' },
  FI: { valid: 'FI02089088', mistyped: 'FI02089087' },
  SE: { valid: 'SE556036079301', mistyped: 'SE556036079401' },
  NO: { valid: 'NO923609016MVA', mistyped: 'NO923609017MVA' },
  DK: { valid: 'DK24256790', mistyped: 'DK24256791' },
  LV: { valid: 'LV40003009497', mistyped: 'LV40003009498' },
  LT: { valid: 'LT100001919017', mistyped: 'LT100001919018' },
  PL: { valid: 'PL8567346215', mistyped: 'PL8567346216' },
  DE: { valid: 'DE136695976', mistyped: 'DE136695977' },
  NL: { valid: 'NL004495445B01', mistyped: 'NL004495446B01' },
};

export interface SupplierProfile {
  record: SupplierRecord;
  entity: BuyingEntity;
  vatId: string;
  mistypedVatId: string;
  iban: string;
  /** Legal registration (BT-30) as the national rules want it: KvK, CVR, organisation number. */
  legalRegistrationId: string;
  /** Scheme of the legal registration (BT-30-1): 0106 KvK, 0007 Swedish organisation number, 0184 CVR, 0192 Norwegian. */
  legalRegistrationSchemeId?: string;
  taxRegistrationId?: string;
}

/**
 * Valid IBANs of a country derived from its sample: the last account digits varied, check digits
 * recomputed, kept only when the national format check (where ibantools has one) passes too.
 */
export function ibansOf(sample: string, count: number, salt: number): string[] {
  const { countryCode, bban } = extractIBAN(sample);
  const out: string[] = [];
  for (let n = salt; out.length < count; n++) {
    const tail = String(n).padStart(4, '0').slice(-4);
    const iban = composeIBAN({ countryCode, bban: bban!.slice(0, -4) + tail });
    if (iban && iban !== sample && isValidIBAN(iban) && !out.includes(iban)) out.push(iban);
  }
  return out;
}

function legalIdOf(cc: string, vatId: string): { legal: string; scheme?: string; tax?: string } {
  const digits = vatId.replace(/\D/g, '');
  switch (cc) {
    case 'NL':
      return { legal: '33014286', scheme: '0106' }; // KvK number (8 digits)
    case 'SE':
      // Peppol SE-R-003/004: the organisation number is written as 10 digits, no hyphen.
      return { legal: digits.slice(0, 10), scheme: '0007', tax: 'Godkänd för F-skatt' };
    case 'NO':
      return { legal: digits, scheme: '0192', tax: 'Foretaksregisteret' };
    case 'DK':
      return { legal: digits, scheme: '0184' }; // CVR number
    default:
      return { legal: digits };
  }
}

/** One domestic supplier per buying country: it invoices against purchase orders in half of the countries. */
export const SUPPLIERS: SupplierProfile[] = ENTITIES.map((entity, i) => {
  const vat = SUPPLIER_VAT_IDS[entity.cc];
  const [iban] = ibansOf(entity.sampleIban, 1, 1000 + i);
  const { legal, scheme, tax } = legalIdOf(entity.cc, vat.valid);
  const record: SupplierRecord = {
    id: `sup-${entity.cc.toLowerCase()}`,
    name: `Supplier ${entity.cc}`,
    vatId: vat.valid,
    countryCode: entity.cc,
    blocked: false,
    requiresPo: i % 2 === 0,
    bankAccounts: [iban],
    priceTolerancePct: '2.0',
    quantityTolerancePct: '0',
    paymentTermsDays: 30,
    currency: entity.currency,
  };
  return {
    record,
    entity,
    vatId: vat.valid,
    mistypedVatId: vat.mistyped,
    iban,
    legalRegistrationId: legal,
    legalRegistrationSchemeId: scheme,
    taxRegistrationId: tax,
  };
});

/** A Leitweg-ID with valid ISO 7064 MOD 97-10 check digits for the coarse and fine address given. */
export function leitwegId(coarse: string, fine: string): string {
  const digits = `${coarse}${fine}`.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of `${digits}00`) rest = (rest * 10 + Number(ch)) % 97;
  return `${coarse}-${fine}-${String(98 - rest).padStart(2, '0')}`;
}
