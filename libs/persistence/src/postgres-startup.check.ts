import { Client } from 'pg';

/** The URL with its password hidden, for messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Start-up refuses to continue, with a clear message, when PostgreSQL does not answer. One connection,
 * closed whatever the outcome: an application checks before it builds anything that would connect.
 */
export async function checkPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect(); // the server accepted the connection and its start-up (authentication, database)
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${redactDatabaseUrl(url)}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
