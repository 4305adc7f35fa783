import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TransitionError } from '@app/domain';
import { isTransientDatabaseError } from '@app/persistence';
import type { ApiErrorBody } from '@app/contracts';
import { ApiError } from './api-error';

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

/** Maps fastify parser errors (FST_ERR_*) to contract codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'Request body is larger than the allowed limit',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type: send application/json or application/xml',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'EMPTY_BODY',
    message: 'Body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'INVALID_CONTENT_LENGTH',
    message: 'Content-Length does not match the body',
  },
};

/**
 * PostgreSQL refused or dropped the connection, or aborted the transaction in a race (too many clients,
 * restarting, deadlock): the request is fine and is worth sending again; a transaction that was aborted
 * stored nothing.
 */
const DATABASE_BUSY: ApiErrorBody = {
  error: {
    code: 'DATABASE_BUSY',
    message: 'The database could not take this request just now; retry it in a moment',
    details: [],
  },
};

/** Every error leaves in the shape of the contract; bad input never becomes a 5xx. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = this.toResponse(exception);
    if (body.error.code === DATABASE_BUSY.error.code)
      this.logger.warn(`answered 503: PostgreSQL could not serve the request (${(exception as Error).message})`);
    else if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    reply.status(status).send(body);
  }

  private toResponse(exception: unknown): { status: number; body: ApiErrorBody; headers: Record<string, string> } {
    if (exception instanceof ApiError) {
      // ApiError's response is the body it was constructed with (typed there).
      return {
        status: exception.getStatus(),
        body: exception.getResponse() as ApiErrorBody,
        headers: exception.headers,
      };
    }
    if (exception instanceof TransitionError) {
      return {
        status: 422,
        headers: {},
        body: {
          error: {
            code: exception.code,
            message: exception.message,
            details: [
              {
                path: 'status',
                issue: 'transition not allowed',
                expected: exception.allowed.join('|'),
                actual: exception.from,
              },
            ],
          },
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse() as { message?: string | string[] } | string;
      const message =
        typeof res === 'string'
          ? res
          : Array.isArray(res.message)
            ? res.message.join('; ')
            : (res.message ?? exception.message);
      const headers: Record<string, string> = {};
      if (status === 429) headers['Retry-After'] = '60';
      return { status, headers, body: { error: { code: STATUS_CODES[status] ?? 'ERROR', message, details: [] } } };
    }
    // Before the fastify mapping: node's socket errors carry a `code` too.
    if (isTransientDatabaseError(exception))
      return { status: 503, headers: { 'Retry-After': '1' }, body: DATABASE_BUSY };
    const err = exception as { code?: string; statusCode?: number; message?: string };
    if (err && typeof err.code === 'string' && FASTIFY_CODES[err.code]) {
      const m = FASTIFY_CODES[err.code];
      return { status: m.status, headers: {}, body: { error: { code: m.code, message: m.message, details: [] } } };
    }
    if (err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const code =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
          ? 'MALFORMED_JSON'
          : (STATUS_CODES[err.statusCode] ?? 'BAD_REQUEST');
      return {
        status: err.statusCode,
        headers: {},
        body: { error: { code, message: err.message ?? 'Bad request', details: [] } },
      };
    }
    return { status: 500, headers: {}, body: { error: { code: 'INTERNAL', message: 'Internal error', details: [] } } };
  }
}
