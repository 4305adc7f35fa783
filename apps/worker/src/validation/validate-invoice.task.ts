import type { CanonicalInvoice } from '@app/domain';
import { readInvoiceXml } from '@app/formats';
import { Finding, packsApplied, RuleSettings, SupplierContext, validateInvoice } from '@app/rules';
import { capFindings, CappedFindings } from './findings-cap';

/** Everything the rules need, as structured-clone-friendly data (the document travels as text). */
export interface ValidateInvoiceTask {
  canonicalJson: string;
  format: 'json' | 'ubl' | 'cii';
  raw: string | null;
  /** The syntax-binding findings intake read from the document (JSON text): taken instead of reading `raw`. */
  syntaxFindingsJson?: string | null;
  buyerCountry: string | null;
  supplier: SupplierContext;
  settings: RuleSettings;
  findingsPerRule: number;
  /** Shared with the caller: the thread writes the start time (epoch ms) here, for the time budget. */
  startedAt?: SharedArrayBuffer;
}

/**
 * The CPU-bound part of validation (parsing, XML syntax rules, every rule pack, capping), run in a
 * worker thread so that a huge document never holds the worker's event loop. Pure: no I/O.
 */
/** The capped findings and the names of the packs that judged the invoice (for the run's provenance). */
export type ValidateInvoiceResult = CappedFindings & { packs: string[] };

export function runValidateInvoiceTask(task: ValidateInvoiceTask): ValidateInvoiceResult {
  if (task.startedAt) Atomics.store(new BigInt64Array(task.startedAt), 0, BigInt(Date.now()));
  const invoice = JSON.parse(task.canonicalJson) as CanonicalInvoice;
  const syntaxFindings = syntaxFindingsOf(task);
  const findings = validateInvoice(invoice, {
    format: task.format,
    buyerCountry: task.buyerCountry ?? undefined,
    supplier: task.supplier,
    settings: task.settings,
    syntaxFindings,
  });
  // Provenance: the packs that judged this invoice (names; versions are looked up by the caller).
  const packs = packsApplied(invoice, {
    format: task.format,
    buyerCountry: task.buyerCountry ?? undefined,
    withSupplier: !!task.supplier,
  }).map((p) => p.name);
  return { ...capFindings(findings, task.findingsPerRule), packs };
}

/** XML only: the findings intake stored when there are, else the document read again. */
function syntaxFindingsOf(task: ValidateInvoiceTask): Finding[] {
  if (task.format === 'json') return [];
  if (task.syntaxFindingsJson) return JSON.parse(task.syntaxFindingsJson) as Finding[];
  return task.raw ? safeSyntaxFindings(task.raw) : [];
}

function safeSyntaxFindings(raw: string): Finding[] {
  try {
    return readInvoiceXml(raw).syntaxFindings;
  } catch {
    return [];
  }
}

export default runValidateInvoiceTask;
