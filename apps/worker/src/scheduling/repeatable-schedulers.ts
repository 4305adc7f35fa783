import { Logger } from '@nestjs/common';

/**
 * Repeatable jobs live in Redis as job schedulers: after a flush nothing would run them again until a
 * restart. Upserting a scheduler is idempotent, so a process-local timer puts them back every `everyMs`.
 */
export class RepeatableSchedulers {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;

  constructor(
    owner: string,
    private readonly upsert: () => Promise<void>,
  ) {
    this.logger = new Logger(owner);
  }

  /** Upserts now (failing start-up if Redis refuses), then keeps them upserted. */
  async keep(everyMs: number): Promise<void> {
    await this.upsert();
    this.timer = setInterval(
      () => this.upsert().catch((e) => this.logger.warn(`schedulers not restored: ${(e as Error).message}`)),
      everyMs,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
