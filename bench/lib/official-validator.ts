import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** One measured window of the official validator: CPU ms per invoice of the JVM and of its main thread alone. */
export interface OfficialWindow {
  perInvoiceMs: number;
  mainThreadMs: number;
  invoices: number;
}

/**
 * The official EN 16931 validation (the Schematron compiled to XSLT, run by Saxon-HE: `bench/official/`)
 * kept warm in a JVM beside the bench, measured a window at a time on request, so that the bench can
 * alternate its windows with its own over the same minutes (this machine's speed moves by tens of percent
 * from minute to minute). Needs `java` (source-file mode, so a JDK) and the Saxon-HE jar (`SAXON_JAR`,
 * default Debian's); `start` says what is missing instead of failing the bench.
 */
export class OfficialValidator {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: Interface,
    readonly failedAsserts: number,
  ) {}

  /** Compiles the stylesheet, validates every file once (counting failed asserts) and warms up for `warmSeconds`. */
  static async start(root: string, files: string[], warmSeconds: number): Promise<OfficialValidator | { why: string }> {
    const jar = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
    if (!existsSync(jar)) return { why: `no Saxon-HE jar at ${jar}` };
    const child = spawn(
      'java',
      [
        '-cp',
        jar,
        join(root, 'bench/official/OfficialValidatorBench.java'),
        join(root, 'bench/official/EN16931-UBL-validation.xslt'),
        String(warmSeconds),
        'serve',
        ...files,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string | Error>((resolve) => {
      child.once('error', (e) => resolve(e));
      child.once('exit', (code) => resolve(new Error(`java exited ${code}: ${stderr.trim().slice(0, 200)}`)));
      lines.once('line', (l) => resolve(l));
    });
    if (first instanceof Error) return { why: `java: ${first.message}` };
    const ready = /^ready failed_asserts (\d+)$/.exec(first);
    if (!ready) {
      child.kill();
      return { why: `unexpected first line from java: ${first.slice(0, 200)}` };
    }
    return new OfficialValidator(child, lines, Number(ready[1]));
  }

  /** Validates the files over and over for `seconds` and returns the window's figures. */
  async window(seconds: number): Promise<OfficialWindow> {
    let onExit = (_code: number | null): void => undefined;
    const line = await new Promise<string>((resolve, reject) => {
      onExit = (code) => reject(new Error(`java exited ${code} during a window`));
      this.lines.once('line', resolve);
      this.child.once('exit', onExit);
      this.child.stdin!.write(`window ${seconds}\n`);
    }).finally(() => this.child.removeListener('exit', onExit));
    const m = /^window ([\d.]+) ([\d.]+) (\d+)$/.exec(line);
    if (!m) throw new Error(`unexpected window line from java: ${line.slice(0, 200)}`);
    return { perInvoiceMs: Number(m[1]), mainThreadMs: Number(m[2]), invoices: Number(m[3]) };
  }

  close(): void {
    this.child.stdin!.end();
    this.lines.close();
  }
}
