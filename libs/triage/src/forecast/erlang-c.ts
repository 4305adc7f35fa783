/**
 * Erlang C (M/M/n): the chance an arrival waits and the share answered within a target, for arrival
 * rate `lambda` and service rate `mu` per agent (same time unit), with `agents` servers.
 */
export function erlangCWaitProbability(lambda: number, mu: number, agents: number): number {
  const n = Math.floor(agents);
  if (lambda <= 0) return 0;
  if (n <= 0 || mu <= 0) return 1;
  const a = lambda / mu; // offered load in Erlangs
  if (a >= n) return 1;
  // Erlang B by the stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b / (1 - (a / n) * (1 - b));
}

/** Share of arrivals served within `target` (time unit of the rates); 0 when the load exceeds the agents. */
export function erlangCServiceLevel(lambda: number, mu: number, agents: number, target: number): number {
  const n = Math.floor(agents);
  if (lambda <= 0) return 1;
  if (n <= 0 || lambda >= n * mu) return 0;
  const c = erlangCWaitProbability(lambda, mu, n);
  return Math.max(0, Math.min(1, 1 - c * Math.exp(-(n * mu - lambda) * target)));
}
