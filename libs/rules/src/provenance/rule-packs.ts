import { createHash } from 'node:crypto';
import type { CanonicalInvoice } from '@app/domain';
import type { InvoiceFormat, RuleDefinition } from '../engine/rule';
import type { RuleSettings } from '../engine/rule-settings';
import { ALL_RULES } from '../packs';
import { isPeppolBis } from '../packs/shared/peppol-document.util';

/**
 * The released version of each rule pack, bumped by hand when a pack's behaviour changes. The
 * content hash beside it (rule ids, severities, effective dates) changes by itself when rules are
 * added, removed or re-flagged, so a run is traceable even when a bump was forgotten.
 */
export const RULE_PACK_VERSIONS: Readonly<Record<string, string>> = {
  en16931: '1.3.16-1',
  peppol: '3.0.19-1',
  country: '2026.11-1',
  supplier: '2026.11-1',
  syntax: '1.3.16-1',
};

export interface RulePackInfo {
  /** `en16931`, `peppol`, `country.FI`, `supplier`, `syntax`. */
  name: string;
  version: string;
  rules: number;
  /** sha256 over the pack's sorted `id|severity|effectiveFrom|effectiveTo` lines. */
  contentHash: string;
}

/** The syntax-binding rules (UBL-*, CII-*) the XML reader raises; not RuleDefinitions of the engine. */
export const SYNTAX_PACK = 'syntax';

function versionOf(pack: string): string {
  return RULE_PACK_VERSIONS[pack] ?? RULE_PACK_VERSIONS[pack.split('.')[0]] ?? '0.0.0';
}

function contentHash(
  rules: readonly Pick<RuleDefinition, 'id' | 'severity' | 'effectiveFrom' | 'effectiveTo'>[],
): string {
  const lines = rules.map((r) => `${r.id}|${r.severity}|${r.effectiveFrom ?? ''}|${r.effectiveTo ?? ''}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

let registry: RulePackInfo[] | undefined;

/** Every pack the engine knows, with version, rule count and content hash (computed once per process). */
export function rulePacks(): RulePackInfo[] {
  if (registry) return registry;
  const byPack = new Map<string, RuleDefinition[]>();
  for (const r of ALL_RULES) byPack.set(r.pack, [...(byPack.get(r.pack) ?? []), r]);
  registry = [...byPack.entries()].map(([name, rules]) => ({
    name,
    version: versionOf(name),
    rules: rules.length,
    contentHash: contentHash(rules),
  }));
  registry.push({ name: SYNTAX_PACK, version: versionOf(SYNTAX_PACK), rules: 0, contentHash: contentHash([]) });
  return registry;
}

/** The registry by name. */
export const RULE_PACKS: { get(name: string): RulePackInfo | undefined; all(): RulePackInfo[] } = {
  get: (name) => rulePacks().find((p) => p.name === name),
  all: () => rulePacks(),
};

export interface PackSelection {
  format: InvoiceFormat;
  /** Country of the buying entity (the engine defaults to the buyer's country on the invoice). */
  buyerCountry?: string;
  /** Whether supplier master data was given to the run (without it the supplier pack is silent). */
  withSupplier: boolean;
}

/**
 * The packs that judged one invoice: EN 16931 always; the syntax rules for XML; the country pack of
 * the buyer and of the seller; Peppol BIS when BT-24 declares it; the supplier pack only with master data.
 */
export function packsApplied(invoice: CanonicalInvoice, sel: PackSelection): RulePackInfo[] {
  const names = new Set<string>(['en16931']);
  if (sel.format !== 'json') names.add(SYNTAX_PACK);
  if (isPeppolBis(invoice)) names.add('peppol');
  for (const cc of [
    sel.buyerCountry,
    invoice.buyer?.address?.countryCode ?? invoice.buyer?.countryCode,
    invoice.seller?.address?.countryCode ?? invoice.seller?.countryCode,
  ]) {
    const c = cc?.trim().toUpperCase();
    if (c && c.length === 2) names.add(`country.${c}`);
  }
  if (sel.withSupplier) names.add('supplier');
  return rulePacks().filter((p) => names.has(p.name));
}

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

const hashes = new WeakMap<object, string>();

/** sha256 (hex) of the canonical JSON of the effective (merged) settings a run used (memoised per settings object). */
export function settingsHash(settings: RuleSettings): string {
  let h = hashes.get(settings);
  if (!h) hashes.set(settings, (h = createHash('sha256').update(canonicalJson(settings)).digest('hex')));
  return h;
}

export interface RunProvenance {
  packs: { name: string; version: string; contentHash: string }[];
  settingsHash: string;
}

/** What one validation run records: the packs that judged the invoice and the hash of its settings. */
export function runProvenance(invoice: CanonicalInvoice, sel: PackSelection, settings: RuleSettings): RunProvenance {
  return {
    packs: packsApplied(invoice, sel).map((p) => ({ name: p.name, version: p.version, contentHash: p.contentHash })),
    settingsHash: settingsHash(settings),
  };
}
