// claim-next.ts still imports from here while the claim path is reworked; goes when it moves to repositories/.
export { HELD_COUNT_SQL } from '../repositories/held-count.sql';
