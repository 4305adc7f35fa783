import type { CanonicalInvoice } from '@app/domain';
import type { Finding, InvoiceFormat, RuleContext, RuleDefinition } from './rule';
import type { RuleSettings } from './rule-settings';
import type { SupplierContext } from './supplier-context';
import { RuleSelector } from './rule-selector';
import { defaultRouteKey } from './route-key.util';

export interface ValidateOptions {
  format?: InvoiceFormat;
  /** Country of the buying entity; defaults to the buyer's country on the invoice. */
  buyerCountry?: string;
  supplier?: SupplierContext;
  settings?: RuleSettings;
  /** Findings the XML reader already raised (syntax-binding rules); passed through. */
  syntaxFindings?: Finding[];
  /** ISO date for effective dating; defaults to the invoice issue date. */
  on?: string;
}

export interface RuleSummary {
  id: string;
  category: Finding['category'];
  severity: Finding['severity'];
  pack: string;
  scope: RuleDefinition['scope'] | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  description: string;
  fieldPath: string | null;
  hint: string | null;
}

export const ENGINE_RULE_ERROR = 'ENGINE-RULE-ERROR';

/** Pure rule runner: no I/O, no framework; one instance holds the registry for the process. */
export class RuleEngine {
  private readonly selector: RuleSelector;

  constructor(
    private readonly rules: readonly RuleDefinition[],
    private readonly defaultSettings: () => RuleSettings,
  ) {
    const seen = new Set<string>();
    for (const r of rules) {
      // Two rules with one id would make findings and metrics by rule ambiguous.
      if (seen.has(r.id)) throw new Error(`Duplicate rule id ${r.id}`);
      seen.add(r.id);
    }
    this.selector = new RuleSelector(rules);
  }

  private settingsCache?: RuleSettings;

  validate(invoice: CanonicalInvoice, opts: ValidateOptions = {}): Finding[] {
    const format = opts.format ?? 'json';
    const sellerCountry = countryOf(invoice.seller);
    const buyerCountry = normCountry(opts.buyerCountry) ?? countryOf(invoice.buyer);
    const on = opts.on ?? invoice.issueDate;
    const settings = opts.settings ?? (this.settingsCache ??= this.defaultSettings());
    const ctx: RuleContext = { invoice, buyerCountry, settings, supplier: opts.supplier, format, on };
    const findings: Finding[] = [];
    if (opts.syntaxFindings) for (const f of opts.syntaxFindings) findings.push(withRoute(f, buyerCountry));
    const { rules, whens, evaluates } = this.selector.plan(format, buyerCountry, sellerCountry, on);
    // The precondition of the run of rules that share it (most rules of a VAT category or of the
    // Peppol pack are silent on a given invoice): asked once, and the silent rules are not called.
    let when: RuleDefinition['when'];
    let holds = true;
    for (let i = 0; i < evaluates.length; i++) {
      const ruleWhen = whens[i];
      if (ruleWhen !== undefined) {
        if (ruleWhen !== when) {
          when = ruleWhen;
          try {
            holds = when(ctx);
          } catch {
            holds = true; // the rule itself then meets the problem and reports it as before
          }
        }
        if (!holds) continue;
      }
      let produced: Finding[];
      try {
        produced = evaluates[i].call(rules[i], ctx);
      } catch (err) {
        findings.push(ruleErrorFinding(rules[i], err, buyerCountry));
        continue;
      }
      for (let j = 0; j < produced.length; j++) findings.push(withRoute(produced[j], buyerCountry));
    }
    return findings;
  }

  list(): RuleSummary[] {
    return this.rules.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      pack: r.pack,
      scope: r.scope ?? null,
      effectiveFrom: r.effectiveFrom ?? null,
      effectiveTo: r.effectiveTo ?? null,
      description: r.description,
      fieldPath: r.fieldPath ?? null,
      hint: r.hint ?? null,
    }));
  }
}

function withRoute(f: Finding, country: string | undefined): Finding {
  return f.routeKey ? f : { ...f, routeKey: defaultRouteKey(f.category, country) };
}

/** A broken rule must not stop the other rules nor lose the invoice: it becomes a visible warning. */
function ruleErrorFinding(rule: RuleDefinition, err: unknown, country: string | undefined): Finding {
  const reason = err instanceof Error ? err.message : String(err);
  return {
    ruleId: ENGINE_RULE_ERROR,
    severity: 'warning',
    category: 'data-quality',
    fieldPath: '',
    message: `Rule ${rule.id} could not be evaluated on this invoice.`,
    actual: reason.slice(0, 200),
    hint: `Check the invoice data the rule ${rule.id} reads; report the rule to the rules team if the data is fine.`,
    routeKey: defaultRouteKey('data-quality', country),
  };
}

function normCountry(cc: string | undefined): string | undefined {
  return cc && cc.trim().length === 2 ? cc.trim().toUpperCase() : undefined;
}

function countryOf(party: CanonicalInvoice['seller']): string | undefined {
  return normCountry(party?.address?.countryCode) ?? normCountry(party?.countryCode);
}
