import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank } from '../shared/country-rule.util';
import { sellerCountry } from '../shared/invoice-countries.util';
import { standardCountryRules } from '../shared/standard-country-rules';
import { PEPPOL_DE_RULES } from './peppol-de.rules';
import { XRECHNUNG_RULES } from './xrechnung.rules';

/** § 14 (4) Nr. 2 UStG: a German supplier states its Steuernummer or USt-IdNr. */
const DE_TAX_NUMBER = defineCountryRule({
  id: 'DE-TAX-NUMBER',
  country: 'DE',
  description: 'German supplier states its VAT id (USt-IdNr.) or tax number (Steuernummer), § 14 (4) Nr. 2 UStG',
  check(ctx) {
    const s = ctx.invoice.seller;
    if (
      sellerCountry(ctx.invoice) !== 'DE' ||
      !isBlank(s?.vatId) ||
      !isBlank(s?.taxRegistrationId) ||
      !isBlank(ctx.invoice.sellerTaxRepresentative?.vatId)
    )
      return [];
    return [
      {
        fieldPath: 'seller.vatId',
        message: 'The German supplier gives neither its USt-IdNr. nor its Steuernummer: input VAT cannot be deducted.',
        expected: 'USt-IdNr. or Steuernummer',
        actual: '',
        hint: 'Ask the supplier for a corrected invoice (§ 31 (5) UStDV).',
      },
    ];
  },
});

/** § 14 (4) Nr. 6 UStG: the time of supply. A warning: many invoices say "Leistungsdatum = Rechnungsdatum" in a note. */
const DE_SUPPLY_DATE = defineCountryRule({
  id: 'DE-SUPPLY-DATE',
  country: 'DE',
  severity: 'warning',
  description: 'German supplier states the time of supply (delivery date or period), § 14 (4) Nr. 6 UStG',
  check(ctx) {
    const inv = ctx.invoice;
    if (sellerCountry(inv) !== 'DE') return [];
    const lineHasPeriod = (inv.lines ?? []).some((l) => l?.period?.startDate || l?.period?.endDate);
    if (
      inv.delivery?.date ||
      inv.taxPointDate ||
      inv.invoicePeriod?.startDate ||
      inv.invoicePeriod?.endDate ||
      lineHasPeriod
    )
      return [];
    if ((inv.notes ?? []).some((n) => /leistungs(datum|zeitraum)|lieferdatum/i.test(n))) return [];
    return [
      {
        fieldPath: 'delivery.date',
        message: 'The German invoice does not state when the goods or services were supplied.',
        expected: 'delivery date or invoicing period',
        actual: '',
        hint: 'If the supply date equals the invoice date the invoice may say so; otherwise ask for a correction.',
      },
    ];
  },
});

export const DE_RULES: RuleDefinition[] = [
  ...standardCountryRules('DE'),
  DE_TAX_NUMBER,
  DE_SUPPLY_DATE,
  ...XRECHNUNG_RULES,
  ...PEPPOL_DE_RULES,
];
