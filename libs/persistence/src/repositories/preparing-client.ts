import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** How many times this process has run each parameterized text, up to the threshold; then its name. */
const seen = new Map<string, number | string>();
/** Distinct texts remembered before the map starts afresh (names are derived from the text, so nothing is lost). */
const SEEN_MAX = 5_000;
/** A text is prepared from its second run on: one-off statements (migrations, scripts) stay unnamed. */
const PREPARE_FROM_RUN = 2;

/** The name a repeated text is prepared under on every connection, or null while it is still new. */
function nameFor(text: string): string | null {
  const v = seen.get(text);
  if (typeof v === 'string') return v;
  const runs = (v ?? 0) + 1;
  if (runs < PREPARE_FROM_RUN) {
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(text, runs);
    return null;
  }
  const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  seen.set(text, name);
  return name;
}

/**
 * The pool's client (TypeORM hands `extra.Client` to pg-pool): a parameterized statement that this process
 * runs again is sent as a named prepared statement, as pgJDBC does after `prepareThreshold` uses. PostgreSQL
 * then parses it once per connection and, once a generic plan costs no more than the custom ones, stops
 * planning it; node-postgres otherwise sends every statement unnamed, parsed and planned on each call.
 * Measured on the single-POST intake path (bench intake part, pg_stat_statements): planning was 2.2 s of the
 * 9.4 s PostgreSQL spent in statements for 6,000 invoices.
 *
 * Only texts with parameters are prepared (a text without them may hold several statements, which the
 * extended protocol refuses); at most `limit` per connection, so a text built per call (a VALUES list
 * of varying length) cannot fill a backend's memory with plans: beyond the limit texts run unnamed.
 * Answers are the same as for an unnamed statement (TypeORM reads `command`, `rows`, `rowCount`).
 */
export class PreparingClient extends Client {
  /**
   * Statements prepared per connection at most. A prepared statement keeps its parse tree and plans in the
   * backend: during the bench's intake a backend held 13-31 of them in 0.6-2.1 MB (pg_log_backend_memory_contexts,
   * CachedPlan* contexts), 70-100 kB each for the big set-based statements; 64 bounds a backend's share near
   * 6 MB whatever texts the dashboards' filter combinations produce.
   */
  static limit = 64;
  private readonly preparedNames = new Set<string>();
  /** Names whose server-side statement kept an old result shape (a migration changed a table): run unnamed. */
  private readonly stale = new Set<string>();

  /** A client class with another per-connection limit (for tests). */
  static limitedTo(limit: number): typeof PreparingClient {
    return class extends PreparingClient {
      static limit = limit;
    };
  }

  // pg's overloads (config object, text and values, callback or promise) pass through unchanged,
  // except a repeated parameterized text, which gains a name.
  query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameFor(config);
      if (name && this.mayUse(name)) {
        if (callback) return super.query({ name, text: config, values }, callback);
        return (super.query({ name, text: config, values }) as Promise<unknown>).catch((err: unknown) => {
          if (!isStaleResultType(err)) throw err;
          // A migration (a new release's, in a rolling deploy) changed the columns the statement returns:
          // PostgreSQL refuses its plan from now on. The statement failed before it ran, so it is run again
          // unnamed, as is every later call of the text on this connection. Inside a transaction that
          // retry fails too (the transaction is aborted): the caller gets PostgreSQL's error, once.
          this.stale.add(name);
          return (super.query(config, values) as Promise<unknown>).catch(() => {
            throw err;
          });
        });
      }
    }
    return super.query(config, values, callback);
  }

  private mayUse(name: string): boolean {
    if (this.stale.has(name)) return false;
    if (this.preparedNames.has(name)) return true;
    if (this.preparedNames.size >= (this.constructor as typeof PreparingClient).limit) return false;
    this.preparedNames.add(name);
    return true;
  }
}

/** PostgreSQL's refusal of a prepared statement whose result columns changed since it was prepared. */
function isStaleResultType(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}
