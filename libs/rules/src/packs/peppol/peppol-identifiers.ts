/*
 * Identifier checks of the Peppol Schematron (PEPPOL-COMMON-R040…R050), written after its functions:
 * u:gln, u:mod11, u:mod97-0208, u:checkCodiceIPA, u:checkCF, u:checkPIVAseIT, u:checkSEOrgnr, u:abn.
 */
import { checkSeOrgnr } from '../countries/se/se.rules';
import { mod11Valid } from '../countries/no/no.rules';

const digits = (s: string) => [...s].map((c) => c.charCodeAt(0) - 48);

/** GS1 check digit: weights 3,1,3,… from the right over all but the last digit. */
export function glnValid(v: string): boolean {
  if (!/^[0-9]+$/.test(v)) return false;
  const d = digits(v.slice(0, -1)).reverse();
  const sum = d.reduce((s, x, i) => s + x * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(v[v.length - 1]);
}

/** Belgian enterprise number: the last two digits are 97 − (first eight mod 97). */
export function mod97_0208(v: string): boolean {
  return /^[0-9]{10}$/.test(v) && Number(v.slice(8, 10)) === 97 - (Number(v.slice(0, 8)) % 97);
}

/** Australian Business Number (11 digits, weighted sum mod 89, first digit minus one). */
export function abnValid(v: string): boolean {
  if (!/^[0-9]{11}$/.test(v)) return false;
  const w = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const d = digits(v);
  d[0] -= 1;
  return d.reduce((s, x, i) => s + x * w[i], 0) % 89 === 0;
}

const codiceIpa = (v: string) => /^[A-Za-z0-9]{6}$/.test(v);
const cf16 = (v: string) => /^[A-Za-z]{6}[0-9]{2}[A-Za-z][0-9]{2}.{3}[0-9][A-Za-z]$/.test(v);
const codiceFiscale = (v: string) => (v.length === 16 ? cf16(v) : v.length === 11 && /^[-+]?[0-9]+$/.test(v));

function partitaIvaChecksum(code: string): boolean {
  if (!/^[0-9]+$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < code.length; i++) {
    const n = Number(code[i]);
    sum += i % 2 === 1 ? Number('0246813579'[n]) : n;
  }
  return sum % 10 === 0;
}
const partitaIva = (v: string) =>
  !['IT', 'it'].includes(v.slice(0, 2)) || (v.length === 13 && partitaIvaChecksum(v.slice(2)));

export interface SchemeCheck {
  id: string;
  severity: 'blocking' | 'warning';
  scheme: string;
  /** Also for party identifiers and company ids, or for electronic addresses only (9907). */
  endpointOnly?: boolean;
  name: string;
  valid(v: string): boolean;
}

export const SCHEME_CHECKS: SchemeCheck[] = [
  {
    id: 'PEPPOL-COMMON-R040',
    severity: 'blocking',
    scheme: '0088',
    name: 'GLN (GS1 check digit)',
    valid: (v) => /^[0-9]+$/.test(v) && glnValid(v),
  },
  {
    id: 'PEPPOL-COMMON-R041',
    severity: 'blocking',
    scheme: '0192',
    name: 'Norwegian organisation number (9 digits, mod 11)',
    valid: (v) => /^[0-9]{9}$/.test(v) && mod11Valid(v),
  },
  {
    id: 'PEPPOL-COMMON-R042',
    severity: 'blocking',
    scheme: '0184',
    name: 'Danish CVR number (8 digits, optionally DK-prefixed)',
    valid: (v) => /^DK[0-9]{8}$/.test(v) || /^[0-9]{8}$/.test(v),
  },
  {
    id: 'PEPPOL-COMMON-R043',
    severity: 'blocking',
    scheme: '0208',
    name: 'Belgian enterprise number (10 digits, mod 97)',
    valid: mod97_0208,
  },
  {
    id: 'PEPPOL-COMMON-R044',
    severity: 'warning',
    scheme: '0201',
    name: 'Italian IPA code (6 alphanumerics)',
    valid: codiceIpa,
  },
  {
    id: 'PEPPOL-COMMON-R045',
    severity: 'warning',
    scheme: '0210',
    name: 'Italian Codice Fiscale',
    valid: codiceFiscale,
  },
  {
    id: 'PEPPOL-COMMON-R046',
    severity: 'warning',
    scheme: '9907',
    endpointOnly: true,
    name: 'Italian Codice Fiscale',
    valid: codiceFiscale,
  },
  { id: 'PEPPOL-COMMON-R047', severity: 'warning', scheme: '0211', name: 'Italian Partita IVA', valid: partitaIva },
  {
    id: 'PEPPOL-COMMON-R049',
    severity: 'blocking',
    scheme: '0007',
    name: 'Swedish organisation number (10 digits, Luhn)',
    valid: (v) => v.length === 10 && /^[0-9]+$/.test(v) && checkSeOrgnr(v),
  },
  {
    id: 'PEPPOL-COMMON-R050',
    severity: 'blocking',
    scheme: '0151',
    name: 'Australian Business Number (11 digits)',
    valid: abnValid,
  },
];
