import fastifyCookie from '@fastify/cookie';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { docsEnabled, validateEnvironment } from '@app/config';
import { checkPostgres } from '@app/persistence';
import { checkRedis } from '@app/queueing';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { registerSecurityHeaders, SECURITY_HEADERS } from './common/http/security-headers';
import { jsonBodyParser } from './common/json-body.parser';
import { SafeTextPipe } from './common/safe-text.pipe';
import { createValidationPipe } from './common/validation';

/** Builds the API application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(opts: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const cfg = validateEnvironment(process.env);
  // Before anything that connects is built: a start refused inside NestFactory.create leaves the providers
  // made so far (queues retrying Redis, a PostgreSQL pool) running in this process, with no application to close.
  await checkPostgres(cfg.DATABASE_URL);
  await checkRedis(cfg.REDIS_URL);
  // X-Forwarded-For is believed only from the configured reverse proxies; by default from nobody.
  const trustedProxies = cfg.TRUSTED_PROXIES.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const adapter = new FastifyAdapter({
    bodyLimit: cfg.BODY_LIMIT_BYTES,
    trustProxy: trustedProxies.length ? trustedProxies : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyCookie as never);
  registerSecurityHeaders(fastify, SECURITY_HEADERS);
  // XML invoices arrive as text; the formats library parses them safely (no DTD, size-checked).
  fastify.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'string', bodyLimit: cfg.BODY_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );
  // Factur-X / ZUGFeRD PDFs arrive as bytes (same body limit); intake extracts the embedded CII.
  fastify.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: cfg.BODY_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.useBodyParser(
    'application/json',
    { bodyLimit: cfg.BODY_LIMIT_BYTES },
    jsonBodyParser(fastify, cfg.JSON_MAX_DEPTH, new Set(['POST /v1/invoices'])),
  );
  app.useGlobalPipes(new SafeTextPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  if (docsEnabled(cfg)) SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/json' });
  return app;
}

/** The OpenAPI document of every controller (served at /docs when DOCS_ENABLED; the route × role test reads it in process). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Invoice exception triage API')
      .setDescription('Intake of supplier invoices (JSON, UBL, CII), review queues, master data and metrics.')
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .addBearerAuth()
      .build(),
  );
}
