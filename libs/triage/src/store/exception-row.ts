// claim-next.ts still imports from here while the claim path is reworked; goes when it moves to repositories/.
export type { ExceptionRow } from '../repositories/exception.repository';
