import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { isBoardRequest } from './queue-board-auth.hook';

const EXTERNAL_STYLESHEET = /<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^"]*"[^>]*>\s*/g;
const EXTERNAL_PRECONNECT =
  /<link[^>]+rel="preconnect"[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^"]*"[^>]*>\s*/g;

/**
 * The queue board's page (bull-board) links Google Fonts; the board renders with the system fonts
 * instead, so no page of the product makes a request to a third party.
 */
@Injectable()
export class QueueBoardFontsHook implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onSend', async (req, reply, payload) => {
      if (
        typeof payload !== 'string' ||
        !isBoardRequest(req) ||
        !String(reply.getHeader('content-type') ?? '').includes('text/html')
      )
        return payload;
      return payload.replace(EXTERNAL_PRECONNECT, '').replace(EXTERNAL_STYLESHEET, '');
    });
  }
}
