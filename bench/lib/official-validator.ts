import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The official validator's figure, or why it could not be measured on this machine. */
export type OfficialFigure =
  | { measured: true; perInvoiceMs: number; mainThreadMs: number; invoices: number; failedAsserts: number }
  | { measured: false; why: string };

const LINE = /^invoices (\d+) per_invoice_ms ([\d.]+) main_thread_ms ([\d.]+) failed_asserts (\d+)$/m;

/**
 * The official EN 16931 validation (Schematron compiled to XSLT, run by Saxon-HE: `bench/official/`) over
 * `files`, in the JVM's CPU time per invoice after `warmSeconds` of warm-up (median of two-second windows;
 * `mainThreadMs` without the JIT and GC threads). Needs `java` (source-file
 * mode, so a JDK) and the Saxon-HE jar (`SAXON_JAR`, default Debian's); without them it says what is
 * missing instead of failing the bench.
 */
export function measureOfficialValidator(
  root: string,
  files: string[],
  warmSeconds: number,
  seconds: number,
): OfficialFigure {
  const jar = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
  if (!existsSync(jar)) return { measured: false, why: `no Saxon-HE jar at ${jar}` };
  const xslt = join(root, 'bench/official/EN16931-UBL-validation.xslt');
  const run = spawnSync(
    'java',
    [
      '-cp',
      jar,
      join(root, 'bench/official/OfficialValidatorBench.java'),
      xslt,
      String(warmSeconds),
      String(seconds),
      ...files,
    ],
    { encoding: 'utf8', timeout: (warmSeconds + seconds + 120) * 1000 },
  );
  if (run.error) return { measured: false, why: `java: ${run.error.message}` };
  const m = LINE.exec(run.stdout);
  if (run.status !== 0 || !m)
    return { measured: false, why: `java exited ${run.status}: ${(run.stderr || run.stdout).trim().slice(0, 200)}` };
  return {
    measured: true,
    invoices: Number(m[1]),
    perInvoiceMs: Number(m[2]),
    mainThreadMs: Number(m[3]),
    failedAsserts: Number(m[4]),
  };
}
