import type { EnvironmentVariables } from '@app/config';
import type { CatalogueJob, QueueName } from '@app/queueing';
import { ExceptionRouteProcessor } from './exception-route.processor';
import type { RoutingFailureService } from './routing-failure.service';
import type { TriageRoutingService } from './triage-routing.service';

type RouteJob = CatalogueJob<typeof QueueName.ExceptionRoute>;
const group = (ids: string[]) => ({ name: 'route-group', data: { exceptionIds: ids, reason: 'opened' } }) as RouteJob;

/** Routing that assigns `a*` items, leaves others waiting and throws for those in `failing`; failures given up on for `givenUp`. */
function processor(failing: Set<string>, givenUp: Set<string>) {
  const routed: string[] = [];
  const recorded: string[] = [];
  const routing = {
    async route(id: string) {
      routed.push(id);
      if (failing.has(id)) throw new Error(`no queue for ${id}`);
      return id.startsWith('a') ? 'reviewer-1' : null;
    },
  } as unknown as TriageRoutingService;
  const failures = {
    async record(id: string) {
      recorded.push(id);
      return givenUp.has(id);
    },
  } as unknown as RoutingFailureService;
  const p = new ExceptionRouteProcessor({ ROUTE_CONCURRENCY: 4 } as EnvironmentVariables, routing, failures);
  return { p, routed, recorded };
}

describe('ExceptionRouteProcessor, group jobs', () => {
  it('routes every item of the group and counts assigned and waiting ones', async () => {
    const { p, routed } = processor(new Set(), new Set());
    expect(await p.process(group(['a1', 'b1', 'a2']))).toEqual({ assigned: 2, waiting: 1, failed: 0 });
    expect(routed.sort()).toEqual(['a1', 'a2', 'b1']);
  });

  it('counts a failure for its item only, and fails the job (to be retried) once every item has been tried', async () => {
    const { p, routed, recorded } = processor(new Set(['b1']), new Set());
    await expect(p.process(group(['a1', 'b1', 'b2']))).rejects.toThrow('no queue for b1');
    expect(routed.sort()).toEqual(['a1', 'b1', 'b2']);
    expect(recorded).toEqual(['b1']);
  });

  it('completes when the only failing item was given up on (its invoice failed visibly)', async () => {
    const { p } = processor(new Set(['b1']), new Set(['b1']));
    expect(await p.process(group(['a1', 'b1']))).toEqual({ assigned: 1, waiting: 0, failed: 1 });
  });
});
