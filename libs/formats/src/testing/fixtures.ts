import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Our own UBL and CII invoices per buying-entity country (see fixtures/build-fixtures.mjs). */
export const FORMAT_FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures');

export interface FormatFixture {
  file: string; // relative to FORMAT_FIXTURES_DIR, e.g. "ubl/ee-valid-invoice.xml"
  format: 'ubl' | 'cii';
  valid: boolean;
  country: string;
  /** Official rule ids the document must trigger (empty for valid ones and for country-rule cases). */
  expectedRuleIds: string[];
  note?: string;
  currency?: string;
  vatRate?: string;
  net?: string;
  tax?: string;
  payable?: string;
  sellerVatId?: string;
  buyerVatId?: string;
  iban?: string;
}

export function loadFormatFixtures(): FormatFixture[] {
  return JSON.parse(readFileSync(join(FORMAT_FIXTURES_DIR, 'manifest.json'), 'utf8')) as FormatFixture[];
}

export function readFormatFixture(file: string): string {
  return readFileSync(join(FORMAT_FIXTURES_DIR, file), 'utf8');
}
