import type { FastifyInstance } from 'fastify';

/** Which browser origins may call /ofrep/*: a list of exact origins, or every origin. */
export type OfrepCorsOrigins = readonly string[] | '*';

const ALLOW_HEADERS = 'authorization, x-api-key, content-type, if-none-match, last-event-id';
const EXPOSE_HEADERS = 'etag, retry-after';

/**
 * CORS for the OFREP routes: a page on an allowed origin may POST evaluations with its key in a
 * header, read the `ETag` (the web provider keeps it for If-None-Match) and open the event stream.
 * One allow-list for the server (the `OFREP_CORS_ORIGINS` setting), not per client key: a
 * preflight carries no credentials, so it cannot be answered per key. Origins not listed get no
 * CORS headers, and the browser keeps the answer from the page.
 */
export function registerOfrepCors(app: FastifyInstance, origins: OfrepCorsOrigins): void {
  const allowed = (origin: string | undefined): string | undefined => {
    if (origin === undefined) return undefined;
    if (origins === '*') return origin;
    return origins.includes(origin) ? origin : undefined;
  };
  app.addHook('onRequest', async (req, reply) => {
    const origin = allowed(req.headers.origin);
    if (origin === undefined) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'origin');
    reply.header('access-control-expose-headers', EXPOSE_HEADERS);
  });
  app.options('/ofrep/*', async (req, reply) => {
    if (allowed(req.headers.origin) !== undefined) {
      reply.header('access-control-allow-methods', 'POST, GET, OPTIONS');
      reply.header('access-control-allow-headers', ALLOW_HEADERS);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
