import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRecord } from '../../db/records';
import type { KeyOrigins } from './key-origins';

/** Which browser origins may call /ofrep/* with any key: a list of exact origins, or every origin. */
export type OfrepCorsOrigins = readonly string[] | '*';

const ALLOW_HEADERS = 'authorization, x-api-key, content-type, if-none-match, last-event-id';
const EXPOSE_HEADERS = 'etag, retry-after';

export interface OfrepCors {
  /** After the request's key is known: withholds the answer from an origin neither the server nor the key allows. */
  checkKey(req: FastifyRequest, reply: FastifyReply, key: Pick<ApiKeyRecord, 'allowedOrigins'>): void;
}

/**
 * CORS for the OFREP routes: a page on an allowed origin may POST evaluations with its key in a
 * header, read the `ETag` (the web provider keeps it for If-None-Match) and open the event stream.
 * An origin is allowed by the server's `OFREP_CORS_ORIGINS` (any key), or by the request's client
 * key (its `allowedOrigins`). A preflight carries no key: it is answered for an origin the server
 * or some live client key lists, and the actual request's key then decides — an origin its key does
 * not list gets no `Access-Control-Allow-Origin`, so the browser keeps the answer from the page.
 */
export function registerOfrepCors(app: FastifyInstance, origins: OfrepCorsOrigins, keyOrigins: KeyOrigins): OfrepCors {
  const serverAllows = (origin: string): boolean => origins === '*' || origins.includes(origin);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined || !(serverAllows(origin) || (await keyOrigins.listed(origin)))) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'origin');
    reply.header('access-control-expose-headers', EXPOSE_HEADERS);
  });
  app.options('/ofrep/*', async (_req, reply) => {
    if (reply.hasHeader('access-control-allow-origin')) {
      reply.header('access-control-allow-methods', 'POST, GET, OPTIONS');
      reply.header('access-control-allow-headers', ALLOW_HEADERS);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
  return {
    checkKey(req, reply, key) {
      const origin = req.headers.origin;
      if (origin === undefined || serverAllows(origin) || key.allowedOrigins?.includes(origin)) return;
      reply.removeHeader('access-control-allow-origin');
      reply.removeHeader('access-control-expose-headers');
    },
  };
}
