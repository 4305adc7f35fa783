import { HELD_STATUSES, sqlStatusList } from '../exception/exception-state';

/**
 * `count(*)` of the items a reviewer holds, for capacity checks. Written against the expression of
 * exceptions_held_by_idx (COALESCE keeps the planner off the other partial indexes on assignee_id,
 * which walk every held item of every reviewer when statistics are stale). `reviewer` is SQL for a uuid.
 */
export const HELD_COUNT_SQL = (reviewer: string) =>
  `(SELECT count(*)::int FROM exceptions h WHERE COALESCE(h.assignee_id, '00000000-0000-0000-0000-000000000000'::uuid) = ${reviewer}
      AND h.status IN (${sqlStatusList(HELD_STATUSES)}))`;
