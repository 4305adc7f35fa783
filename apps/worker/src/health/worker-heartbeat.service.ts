import { hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { writeWorkerHeartbeat } from '@app/queueing';

/**
 * Every few seconds the worker writes its event-loop delay (mean and max since the last beat) and its
 * last completed job to PostgreSQL; the API exports them to Prometheus. A worker whose loop is held
 * writes nothing: its heartbeat age grows, which is the alert.
 */
@Injectable()
export class WorkerHeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHeartbeat');
  private readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly startedAt = new Date();
  private readonly delay = monitorEventLoopDelay({ resolution: 20 });
  private timer: NodeJS.Timeout | null = null;
  private jobsCompleted = 0;
  private lastJob: { at: Date; queue: string } | null = null;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const host = wrapper.instance;
      if (!(host instanceof WorkerHost)) continue;
      host.worker.on('completed', (job: Job) => {
        this.jobsCompleted++;
        this.lastJob = { at: new Date(), queue: job.queueName };
      });
    }
    this.delay.enable();
    this.timer = setInterval(() => void this.beat(), this.cfg.WORKER_HEARTBEAT_MS);
    this.timer.unref();
    void this.beat();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.delay.disable();
  }

  async beat(): Promise<void> {
    const mean = Number.isFinite(this.delay.mean) ? this.delay.mean / 1e9 : 0;
    const max = this.delay.max / 1e9;
    this.delay.reset();
    try {
      await writeWorkerHeartbeat(this.ds, {
        workerId: this.workerId,
        hostname: hostname(),
        pid: process.pid,
        startedAt: this.startedAt,
        eventLoopLagSeconds: mean,
        eventLoopLagMaxSeconds: max,
        jobsCompleted: this.jobsCompleted,
        lastJobCompletedAt: this.lastJob?.at ?? null,
        lastJobQueue: this.lastJob?.queue ?? null,
      });
    } catch (e) {
      this.logger.warn(`heartbeat not written: ${(e as Error).message}`);
    }
  }
}
