import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUnder, normalisedPath } from '../../../common/http/normalised-path.util';
import { AuthService } from '../../auth/auth.service';
import { sessionCookieOf } from '../../auth/session-cookies';
import { QUEUE_BOARD_ROUTE } from './queue-board.constants';

/**
 * The queue board is a Fastify plugin outside Nest's guards, so it is protected by a request hook:
 * admins only, with the same token as the API (Bearer header or the access_token cookie the pages set).
 * It decides on the route Fastify matched and on the normalised path (decoded, dot segments resolved,
 * duplicate slashes collapsed, any case), never on the raw URL: `/admin/%71ueues` routes to the board.
 */
@Injectable()
export class QueueBoardAuthHook implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', async (req, reply) => {
      if (!isBoardRequest(req)) return;
      const role = await this.roleOf(req);
      if (role === 'admin') return;
      if (!role && (req.headers.accept ?? '').includes('text/html')) {
        return reply.redirect(`/login?next=${encodeURIComponent(QUEUE_BOARD_ROUTE)}`, 302);
      }
      return deny(reply, role ? 403 : 401);
    });
  }

  private async roleOf(req: FastifyRequest): Promise<string | null> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : sessionCookieOf(req);
    if (!token) return null;
    try {
      // The same check as every API route: signature, expiry, and the account as it is now (role, disabled, token version).
      return (await this.auth.authenticate(token)).role;
    } catch {
      return null;
    }
  }
}

export function isBoardRequest(req: Pick<FastifyRequest, 'url' | 'routeOptions'>): boolean {
  const route = req.routeOptions?.url;
  return (
    isUnder(normalisedPath(req.url), QUEUE_BOARD_ROUTE) ||
    (!!route && isUnder(normalisedPath(route), QUEUE_BOARD_ROUTE))
  );
}

function deny(reply: FastifyReply, status: 401 | 403) {
  const body =
    status === 401
      ? { error: { code: 'UNAUTHENTICATED', message: 'Sign in as an admin to see the queue board', details: [] } }
      : { error: { code: 'FORBIDDEN', message: 'The queue board is for admins', details: [] } };
  return reply.code(status).type('application/json').send(body);
}
