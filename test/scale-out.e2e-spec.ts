import { runScaleOut } from '../scripts/scale-out/scale-out-run';

/**
 * Two API processes and two worker processes (child processes) on one PostgreSQL schema and one Redis
 * prefix: invoices posted to both APIs, reviewers pulling and deciding through both while the workers
 * push work to them, SLA warnings due seconds after items open. Nothing is done twice or lost.
 * About 60 s on an idle 2-core machine (most of it starting the four processes); longer when shared.
 * The bigger run: `node scripts/demo-data/ts-run.mjs scripts/scale-out/scale-out-run.ts --invoices 2000`.
 */
describe('scale-out: 2 APIs and 2 workers on one PostgreSQL and Redis', () => {
  jest.setTimeout(300_000);

  it('validates each invoice once, holds each item once, loses no timer', async () => {
    const r = await runScaleOut({ invoices: 80, reviewers: 3, decisionsPerReviewer: 10, log: () => undefined });
    expect(r.acceptedPerApi).toEqual([40, 40]); // both APIs took intake
    expect(r.finished).toBe(r.accepted);
    expect(r.notValidated).toBe(0);
    expect(r.validatedTwice).toBe(0);
    expect(r.decisions).toBe(30);
    // A refusal is shown with what the API logged behind it.
    expect({ refusals: r.refusals, busyCauses: r.busyCauses }).toEqual({ refusals: [], busyCauses: [] });
    expect(r.failedDecisions).toBe(0);
    expect(r.heldTwice).toBe(0);
    expect(r.claimedAfterDecision).toBe(0);
    expect(r.resolvedTwice).toBe(0);
    expect(r.warningsDue).toBeGreaterThan(0); // items left open past their warning time
    expect(r.warningsLost).toBe(0);
    expect(r.warningsTwice).toBe(0);
  });
});
