import type { EnvironmentVariables } from '@app/config';
import { defaultRuleSettings } from '@app/rules/settings';
import { sampleInvoice } from '@app/testing';
import { ValidationThreadPool } from './validation-thread-pool';

const cfg = (inlineMax: number) =>
  ({
    VALIDATION_THREADS: 1,
    VALIDATION_THREAD_MEMORY_MB: 256,
    VALIDATION_TIME_BUDGET_MS: 60_000,
    VALIDATION_INLINE_MAX_CHARS: inlineMax,
  }) as EnvironmentVariables;

/** Small documents are validated in place, bigger ones on a rules thread: the same findings either way. */
describe('ValidationThreadPool', () => {
  const pools: ValidationThreadPool[] = [];
  afterAll(() => Promise.all(pools.map((p) => p.onApplicationShutdown())));
  const pool = (inlineMax: number) => {
    const p = new ValidationThreadPool(cfg(inlineMax));
    pools.push(p);
    return p;
  };
  const task = (inv: Record<string, unknown>) => ({
    canonicalJson: JSON.stringify(inv),
    format: 'json' as const,
    raw: null,
    buyerCountry: 'FI',
    supplier: { supplier: null, purchaseOrder: null, goodsReceipts: [], priorInvoices: [] },
    settings: defaultRuleSettings(),
    findingsPerRule: 50,
  });

  it('validates a document up to VALIDATION_INLINE_MAX_CHARS in place and a bigger one on a thread, with the same findings', async () => {
    // Defects that the rules find: a wrong payable amount and a missing buyer VAT id.
    const defective = sampleInvoice({ totals: { ...sampleInvoice().totals, payable: '1.00' } });
    const small = task(defective);
    const inPlace = pool(small.canonicalJson.length);
    const threaded = pool(small.canonicalJson.length - 1);
    const a = await inPlace.run(small);
    const b = await threaded.run(small);
    expect(inPlace.inline).toBe(1);
    expect(threaded.inline).toBe(0);
    expect(a.total).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });

  it('a rule failure in place is a rejected run, as on a thread', async () => {
    const p = pool(1_000_000);
    await expect(p.run({ ...task(sampleInvoice()), canonicalJson: '{not json' })).rejects.toThrow(SyntaxError);
    expect(p.inline).toBe(1);
  });
});
