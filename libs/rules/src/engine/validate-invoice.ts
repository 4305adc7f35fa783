import type { CanonicalInvoice } from '@app/domain';
import type { Finding } from './rule';
import { RuleEngine, type RuleSummary, type ValidateOptions } from './rule-engine';
import { ALL_RULES } from '../packs';
import { defaultRuleSettings } from '../settings';

/** The process-wide engine over all packs; building it once keeps the per-invoice path allocation-light. */
let engine: RuleEngine | undefined;

export function ruleEngine(): RuleEngine {
  return (engine ??= new RuleEngine(ALL_RULES, defaultRuleSettings));
}

/** Runs every applicable rule over one canonical invoice and returns its findings. Pure and synchronous. */
export function validateInvoice(invoice: CanonicalInvoice, opts: ValidateOptions = {}): Finding[] {
  return ruleEngine().validate(invoice, opts);
}

/** The rule catalogue for GET /v1/rules. */
export function listRules(): RuleSummary[] {
  return ruleEngine().list();
}
