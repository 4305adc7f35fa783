import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import type { IntakeLimits } from './intake-limits';
import { IntakeBody, readIntakeBody, ReadOutcome } from './read-intake-body';
import { threadExecArgv } from './thread-exec-argv';

/**
 * Reads posted invoices. A small body is read in place; a big one (over INTAKE_INLINE_MAX_BYTES) on a
 * worker thread, so that parsing and validating a 7 MB invoice does not hold the API's event loop
 * (and with it every other request and /health/live) for seconds.
 */
@Injectable()
export class IntakeBodyReader implements OnModuleDestroy {
  readonly limits: IntakeLimits;
  /** How many bodies were read on a worker thread (tests and metrics). */
  offThread = 0;
  private pool: Piscina | null | undefined;

  constructor(@Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables) {
    this.limits = {
      maxJsonDepth: cfg.JSON_MAX_DEPTH,
      maxLines: cfg.INTAKE_MAX_LINES,
      maxAllowancesPerLine: cfg.INTAKE_MAX_ALLOWANCES_PER_LINE,
      maxXmlElements: cfg.INTAKE_MAX_XML_ELEMENTS,
      maxXmlAttributes: cfg.INTAKE_MAX_XML_ATTRIBUTES,
      maxEmbeddedXmlBytes: cfg.BODY_LIMIT_BYTES,
    };
  }

  read(body: IntakeBody): Promise<ReadOutcome> {
    const size = body.kind === 'pdf' ? body.bytes.length : body.text.length;
    const pool = size > this.cfg.INTAKE_INLINE_MAX_BYTES ? this.workers() : null;
    if (!pool) return readIntakeBody(body, this.limits);
    this.offThread++;
    return pool.run({ body, limits: this.limits }).catch((err: { code?: string }) => {
      if (err?.code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
      return this.tooComplex(size); // piscina replaces the thread
    });
  }

  private tooComplex(size: number): ReadOutcome {
    const mb = this.cfg.INTAKE_PARSE_THREAD_MEMORY_MB;
    return {
      ok: false,
      failure: {
        status: 413,
        code: 'INTAKE_TOO_COMPLEX',
        message: `Reading this invoice needs more than the ${mb} MB of memory the API gives one body`,
        details: [
          {
            path: '',
            issue: 'reading it ran out of memory',
            expected: `a document that reads within ${mb} MB (INTAKE_PARSE_THREAD_MEMORY_MB); send fewer lines or allowances per invoice`,
            actual: `a body of ${(size / 1e6).toFixed(1)} MB`,
          },
        ],
      },
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }

  /** Started on first use. Run from TypeScript sources (tests, start:api), the threads compile with @swc-node/register. */
  private workers(): Piscina | null {
    if (this.pool !== undefined) return this.pool;
    const ext = extname(__filename);
    const filename = join(__dirname, `read-intake-body.worker${ext}`);
    if (this.cfg.INTAKE_PARSE_THREADS === 0 || !existsSync(filename)) return (this.pool = null); // e.g. a bundled script: read in place
    this.pool = new Piscina({
      filename,
      minThreads: 0,
      maxThreads: this.cfg.INTAKE_PARSE_THREADS,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.cfg.INTAKE_PARSE_THREAD_MEMORY_MB },
      execArgv: ext === '.ts' ? [...threadExecArgv(), '-r', '@swc-node/register'] : threadExecArgv(),
    });
    return this.pool;
  }
}
