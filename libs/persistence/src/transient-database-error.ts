/**
 * SQLSTATEs after which the same request, sent again a moment later, can succeed: the server refused or
 * dropped the connection (class 08, too many connections, starting up or shutting down), or the
 * transaction lost a race that PostgreSQL resolved by aborting it (serialization failure, deadlock, lock
 * not available). The aborted transaction wrote nothing.
 */
const TRANSIENT_STATES = new Set(['53300', '57P01', '57P02', '57P03', '40001', '40P01', '55P03']);

/** node-postgres reports a connection lost mid-query without an SQLSTATE, by these messages. */
const LOST_CONNECTION =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect)$/;

/**
 * Whether `e` (as node-postgres or TypeORM throws it: TypeORM's QueryFailedError carries the SQLSTATE
 * as `code` and the original as `driverError`) says PostgreSQL could not serve this request now, rather
 * than that the request or the code is wrong.
 */
export function isTransientDatabaseError(e: unknown): boolean {
  for (
    let err = e as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0;
    err && depth < 3;
    depth++
  ) {
    if (typeof err.code === 'string' && (TRANSIENT_STATES.has(err.code) || err.code.startsWith('08'))) return true;
    if (typeof err.message === 'string' && LOST_CONNECTION.test(err.message)) return true;
    err = err.driverError as typeof err;
  }
  return false;
}
