/**
 * The worker's CPU per XML invoice in its validation task (apps/worker/src/validation/validate-invoice.task.ts)
 * over the official UBL examples, in CPU time of this process: the task given the document to read for its
 * syntax findings (a re-validation, or an invoice received before intake stored them) beside the task given the
 * findings intake stored (a first run). Alternated rounds, median; both must report the same findings.
 * Shared by bench/validate-task.bench.ts and the bench suite.
 */
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { defaultRuleSettings } from '@app/rules/settings';
import { EN16931_DIR, xmlDocsIn } from '@app/testing/shared-dir';
import {
  runValidateInvoiceTask,
  type ValidateInvoiceTask,
} from '../../apps/worker/src/validation/validate-invoice.task';
import { cpuMs, warmUntilSteady } from './xml-read';

export interface ValidateTaskFigures {
  docs: number;
  /** ms of CPU per invoice when the task reads the document for its syntax findings. */
  readsMs: number;
  /** ms of CPU per invoice with the syntax findings intake stored. */
  storedMs: number;
  /** Documents whose findings differ between the two (must be 0). */
  differ: number;
}

export function measureValidateTask(rounds: number): ValidateTaskFigures {
  const docs = xmlDocsIn(join(EN16931_DIR, 'examples', 'ubl'));
  const settings = defaultRuleSettings();
  const supplier = { supplier: null, purchaseOrder: null, goodsReceipts: [], priorInvoices: [] };
  const tasks = docs.map((raw) => {
    const { format, invoice, syntaxFindings } = readInvoiceXml(raw);
    const base = {
      canonicalJson: JSON.stringify(invoice),
      format,
      buyerCountry: invoice.buyer?.countryCode ?? null,
      supplier,
      settings,
      findingsPerRule: 100,
    };
    return {
      reads: { ...base, raw } as ValidateInvoiceTask,
      stored: { ...base, raw: null, syntaxFindingsJson: JSON.stringify(syntaxFindings) } as ValidateInvoiceTask,
    };
  });
  const key = (t: ValidateInvoiceTask) =>
    JSON.stringify(
      runValidateInvoiceTask(t)
        .kept.map((f) => `${f.ruleId}@${f.fieldPath}`)
        .sort(),
    );
  const differ = tasks.filter((t) => key(t.reads) !== key(t.stored)).length;

  const pass = (which: 'reads' | 'stored') =>
    cpuMs(() => {
      for (const t of tasks) runValidateInvoiceTask(t[which]);
    });
  // Steady code first, both versions (V8 needs seconds of CPU on this code).
  warmUntilSteady(() => {
    pass('reads');
    pass('stored');
  }, 2 * tasks.length);
  const reps = Math.max(1, Math.round(200 / pass('reads')));
  const per = { reads: [] as number[], stored: [] as number[] };
  for (let r = 0; r < rounds; r++)
    for (const which of r % 2 ? (['stored', 'reads'] as const) : (['reads', 'stored'] as const)) {
      let ms = 0;
      for (let i = 0; i < reps; i++) ms += pass(which);
      per[which].push(ms / (reps * tasks.length));
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return { docs: tasks.length, readsMs: median(per.reads), storedMs: median(per.stored), differ };
}
