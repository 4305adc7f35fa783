import type { VatRateTable } from '../engine/rule-settings';
import de from './data/vat-rates/de.json';
import dk from './data/vat-rates/dk.json';
import ee from './data/vat-rates/ee.json';
import fi from './data/vat-rates/fi.json';
import lt from './data/vat-rates/lt.json';
import lv from './data/vat-rates/lv.json';
import nl from './data/vat-rates/nl.json';
import no from './data/vat-rates/no.json';
import pl from './data/vat-rates/pl.json';
import se from './data/vat-rates/se.json';

/** The shipped VAT rate tables; the product overrides them from the database via mergeSettings. */
export const VAT_RATE_TABLES: readonly VatRateTable[] = [ee, fi, se, no, dk, lv, lt, pl, de, nl] as VatRateTable[];
