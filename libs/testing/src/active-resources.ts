/** What keeps this process running, by kind (sockets, timers, pipes), sorted: Node's own view. */
export function activeResources(): string {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'TTYWrap')
    .sort()
    .join(',');
}

/**
 * The process's active resources once they match `before`, or after `ms` (a client's own short timers may
 * end a moment after it closed): for a test that something refused leaves nothing running behind.
 */
export async function activeResourcesSettled(before: string, ms = 3000): Promise<string> {
  for (let waited = 0; activeResources() !== before && waited < ms; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  return activeResources();
}
