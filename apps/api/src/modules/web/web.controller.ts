import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { WebAssets } from './web-assets';

/**
 * Serves the single-page app: every page path answers with the same index.html and the client picks
 * the page; the API enforces roles on every call the pages make.
 */
@ApiExcludeController()
@SkipThrottle()
@Controller()
export class WebController {
  constructor(@Inject(WebAssets) private readonly assets: WebAssets) {}

  @Get(['/', 'login', 'workbench', 'dashboard', 'exceptions'])
  page(@Res() reply: FastifyReply) {
    const html = this.assets.index();
    if (!html) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web pages are not built: run "node apps/web/build.mjs" (npm run build:web).');
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-frame-options', 'DENY')
      .send(html);
  }

  /** Browsers ask for /favicon.ico whatever the page says: answer with the SVG icon. */
  @Get('favicon.ico')
  favicon(@Res() reply: FastifyReply) {
    const file = this.assets.asset('favicon.svg');
    if (!file)
      return reply
        .code(404)
        .type('application/json')
        .send({ error: { code: 'NOT_FOUND', message: 'favicon not built', details: [] } });
    return reply.type(file.type).header('cache-control', 'public, max-age=86400').send(file.body);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply) {
    const file = this.assets.asset(name);
    if (!file)
      return reply
        .code(404)
        .type('application/json')
        .send({ error: { code: 'NOT_FOUND', message: `asset ${name} not found`, details: [] } });
    return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
  }
}
