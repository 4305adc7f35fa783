import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';
import { exceedsJsonDepth } from './json-depth.util';

type Done = (err: Error | null, body?: unknown) => void;

/** A JSON body left as text for its handler, which parses it where it cannot stall the event loop. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * The JSON body parser: fastify's own (prototype-poisoning safe), behind a nesting-depth limit that
 * is checked on the text before anything recursive (JSON.parse, class-transformer) touches it.
 * Routes listed in `asText` ("POST /v1/invoices") get the text itself as a JsonText.
 */
export function jsonBodyParser(fastify: FastifyInstance, maxDepth: number, asText: ReadonlySet<string> = new Set()) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req: FastifyRequest, body: Buffer, done: Done): void => {
    const text = body.toString('utf8');
    if (asText.has(`${req.method} ${req.routeOptions?.url}`)) {
      done(null, new JsonText(text));
      return;
    }
    if (exceedsJsonDepth(text, maxDepth)) {
      done(
        new ApiError(400, 'JSON_TOO_DEEP', `JSON nested deeper than ${maxDepth} levels`, [
          {
            path: '$',
            issue: 'nested too deeply',
            expected: `at most ${maxDepth} levels of arrays and objects`,
            actual: `more than ${maxDepth}`,
          },
        ]),
      );
      return;
    }
    void parse(req, text, done);
  };
}
