import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ByteBudget } from './byte-budget';

/** The intake routes whose bodies are read, parsed and stored: a single invoice and a batch. */
const INTAKE_ROUTE = /^\/v1\/invoices(\/batch)?\/?(\?|$)/;

/**
 * Admission for intake bodies (INTAKE_BYTES_IN_FLIGHT): registered as Fastify's first onRequest hook
 * of the intake module, before the body is read, a POST to an intake route takes its Content-Length
 * (the whole budget when it has none) from a shared ByteBudget and gives it back when its connection
 * closes, answered or aborted. What the API holds for the bodies it is working on is then bounded,
 * which is what lets it run under a heap cap (`start:prod:api`). Past INTAKE_ADMISSION_WAIT_MS it
 * answers 503 INTAKE_BUSY with Retry-After; nothing of that request was read or stored.
 */
@Injectable()
export class IntakeAdmissionHook implements OnModuleInit {
  readonly budget: ByteBudget;

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {
    this.budget = new ByteBudget(cfg.INTAKE_BYTES_IN_FLIGHT);
  }

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'POST' || !INTAKE_ROUTE.test(req.url)) return;
      const length = Number(req.headers['content-length']);
      const weight = Number.isSafeInteger(length) && length >= 0 ? length : this.budget.capacity;
      const lease = await this.budget.acquire(weight, this.cfg.INTAKE_ADMISSION_WAIT_MS);
      if (!lease) {
        const waited = this.cfg.INTAKE_ADMISSION_WAIT_MS;
        return reply
          .code(503)
          .header('retry-after', String(Math.max(1, Math.ceil(waited / 1000))))
          .send({
            error: {
              code: 'INTAKE_BUSY',
              message: `Intake is reading as many bytes as it takes at once (${this.budget.capacity} bytes in flight) and this request waited ${waited} ms; send it again after Retry-After`,
              details: [
                {
                  path: 'headers.content-length',
                  issue: 'not admitted in time',
                  expected: `room for ${weight} bytes within ${waited} ms (INTAKE_BYTES_IN_FLIGHT, INTAKE_ADMISSION_WAIT_MS)`,
                  actual: `${this.budget.used} bytes in flight, ${this.budget.queued} request(s) waiting`,
                },
              ],
            },
          });
      }
      // 'close' comes once the answer is sent or the client went away, whichever ends the request.
      reply.raw.once('close', () => lease.release());
      if (reply.raw.destroyed) lease.release();
    });
  }
}
