/** Node options a worker thread accepts and needs to load our code: module hooks and source maps. */
const WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);
const ALONE = /^(--(require|import|loader|experimental-loader)=.+|--enable-source-maps)$/;

/**
 * The options of this process that its worker threads may be started with. A worker thread refuses V8 and
 * process-wide options (`--max-old-space-size`, `--max-semi-space-size`, `--title`, …) with
 * ERR_WORKER_INVALID_EXEC_ARGV, so handing it `process.execArgv` as it is fails as soon as an operator
 * starts the process with a heap limit; a thread's heap is set with piscina's `resourceLimits` instead.
 */
export function threadExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (WITH_VALUE.has(a) && i + 1 < execArgv.length) kept.push(a, execArgv[++i]);
    else if (ALONE.test(a)) kept.push(a);
  }
  return kept;
}
