import type { Finding, RuleContext, RuleDefinition } from './rule';
import { RuleEngine } from './rule-engine';
import { RuleSelector } from './rule-selector';

const rule = (id: string, extra: Partial<RuleDefinition> = {}): RuleDefinition => ({
  id,
  category: 'data-quality',
  severity: 'blocking',
  description: id,
  pack: 'test',
  evaluate: () => [],
  ...extra,
});

describe('RuleSelector plans', () => {
  const peppolOnly = (ctx: RuleContext) => ctx.format === 'ubl';
  const rules = [
    rule('A'),
    rule('B', { when: peppolOnly }),
    rule('C', { scope: { countries: ['SE'] } }),
    rule('D', { scope: { formats: ['cii'] } }),
    rule('E', { effectiveFrom: '2027-01-01' }),
  ];

  it('lays out the preconditions and evaluate functions of the rules in scope, index for index', () => {
    const plan = new RuleSelector(rules).plan('ubl', 'SE', 'FI', '2026-06-01');
    expect(plan.rules.map((r) => r.id)).toEqual(['A', 'B', 'C']);
    expect(plan.whens).toEqual(plan.rules.map((r) => r.when));
    expect(plan.evaluates).toEqual(plan.rules.map((r) => r.evaluate));
    // The same scope and no dated rule in it: the same plan object, not a new one per invoice.
    const selector = new RuleSelector(rules.slice(0, 4));
    expect(selector.plan('ubl', 'SE', 'FI', '2026-06-01')).toBe(selector.plan('ubl', 'SE', 'FI', '2027-06-01'));
  });

  it('adds the dated rules in force on the date', () => {
    const selector = new RuleSelector(rules);
    expect(selector.plan('ubl', 'SE', 'FI', '2026-06-01').rules.map((r) => r.id)).toEqual(['A', 'B', 'C']);
    const later = selector.plan('ubl', 'SE', 'FI', '2027-06-01');
    expect(later.rules.map((r) => r.id)).toEqual(['A', 'B', 'C', 'E']);
    expect(later.evaluates).toEqual(later.rules.map((r) => r.evaluate));
  });

  it('calls each rule with the rule as `this`, and skips the run of rules whose precondition is false', () => {
    const seen: string[] = [];
    const withThis = (id: string, when?: RuleDefinition['when']): RuleDefinition =>
      rule(id, {
        when,
        evaluate(this: RuleDefinition): Finding[] {
          seen.push(this.id);
          return [];
        },
      });
    const engine = new RuleEngine(
      [withThis('X'), withThis('Y', peppolOnly), withThis('Z', peppolOnly), withThis('W')],
      () => ({}) as never,
    );
    engine.validate({} as never, { format: 'cii' });
    expect(seen).toEqual(['X', 'W']);
    engine.validate({} as never, { format: 'ubl' });
    expect(seen).toEqual(['X', 'W', 'X', 'Y', 'Z', 'W']);
  });
});
