import { RuleEngine } from '../../engine/rule-engine';
import { validateInvoice } from '../../engine/validate-invoice';
import { EN16931_RULES } from '../en16931';
import { defaultRuleSettings } from '../../settings/default-rule-settings';
import {
  COUNTRY_RULES,
  DE_RULES,
  DK_RULES,
  EE_RULES,
  FI_RULES,
  LT_RULES,
  LV_RULES,
  NL_RULES,
  NO_RULES,
  PL_RULES,
  SE_RULES,
} from './index';
import { contextFor, domesticInvoice, run } from './shared/testing/domestic-invoice.fixture';

const PACKS = {
  EE: EE_RULES,
  FI: FI_RULES,
  SE: SE_RULES,
  NO: NO_RULES,
  DK: DK_RULES,
  LV: LV_RULES,
  LT: LT_RULES,
  PL: PL_RULES,
  DE: DE_RULES,
  NL: NL_RULES,
};

describe('country packs', () => {
  it('have unique rule ids, each scoped to its country, regulatory or data-quality', () => {
    const ids = COUNTRY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [cc, rules] of Object.entries(PACKS)) {
      for (const r of rules) {
        expect(r.pack).toBe(`country.${cc}`);
        // NO-R-001/002 judge the supplier by its VAT id prefix (Peppol's $supplierCountry), so they run on every invoice.
        if (r.id.startsWith('NO-R-')) expect(r.scope).toBeUndefined();
        else expect(r.scope?.countries).toEqual([cc]);
        expect(['regulatory', 'data-quality']).toContain(r.category);
      }
    }
  });

  it.each(Object.entries(PACKS))(
    'a valid %s domestic invoice passes the whole %s pack with no finding at all',
    (cc, rules) => {
      expect(run(rules, contextFor(domesticInvoice(cc), { buyerCountry: cc }))).toEqual([]);
    },
  );

  it.each(Object.keys(PACKS))('a valid %s domestic invoice passes every country pack at once', (cc) => {
    expect(run(COUNTRY_RULES, contextFor(domesticInvoice(cc), { buyerCountry: cc }))).toEqual([]);
  });

  describe('through the rule engine with the EN 16931 pack', () => {
    const engine = new RuleEngine([...EN16931_RULES, ...COUNTRY_RULES], defaultRuleSettings);
    it.each(Object.keys(PACKS))('%s domestic invoice has no blocking finding', (cc) => {
      const blocking = engine
        .validate(domesticInvoice(cc), { buyerCountry: cc })
        .filter((f) => f.severity === 'blocking');
      expect(blocking).toEqual([]);
    });

    it('routes a country finding to the VAT queue of the buying entity', () => {
      const inv = domesticInvoice('EE', { issueDate: '2025-07-01', standardRate: '22' });
      const findings = engine.validate(inv, { buyerCountry: 'EE' }).filter((f) => f.ruleId === 'EE-VAT-RATE');
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'blocking', routeKey: 'vat.EE', fieldPath: 'lines[0].vatRate' }),
        expect.objectContaining({ fieldPath: 'vatBreakdown[0].rate' }),
      ]);
    });
  });

  describe('through validateInvoice (every registered pack)', () => {
    it.each(Object.keys(PACKS))('%s domestic invoice has no blocking finding at all', (cc) => {
      const findings = validateInvoice(domesticInvoice(cc), { buyerCountry: cc });
      expect(findings.filter((f) => f.severity === 'blocking')).toEqual([]);
      const countryIds = new Set(COUNTRY_RULES.map((r) => r.id));
      expect(findings.filter((f) => countryIds.has(f.ruleId))).toEqual([]);
    });

    it.each([
      ['EE', '2025-06-30', '22', '2025-07-01'],
      ['FI', '2024-08-31', '24', '2024-09-01'],
    ])('%s: %s at %s%% passes, the same rate on %s is blocked', (cc, before, rate, after) => {
      const blockingOf = (issueDate: string) =>
        validateInvoice(domesticInvoice(cc, { issueDate, standardRate: rate }), { buyerCountry: cc }).filter(
          (f) => f.severity === 'blocking',
        );
      expect(blockingOf(before)).toEqual([]);
      expect(blockingOf(after).map((f) => f.ruleId)).toEqual([`${cc}-VAT-RATE`, `${cc}-VAT-RATE`]);
    });
  });
});
