import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

/** Something that answers some requests before Fastify sees them (returns whether it answered). */
export interface FastLane {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * Fastify's `serverFactory`: the HTTP/1 server Fastify would create itself (same timeouts), with
 * `lane` asked first. Only `listen()` uses it; `inject()` always goes through Fastify's routes.
 */
export function httpServerWith(lane: FastLane): FastifyServerFactory {
  return (handler, options) => {
    const server = createServer(options.http ?? {}, (req, res) => {
      if (!lane.handle(req, res)) handler(req, res);
    });
    const { keepAliveTimeout, requestTimeout, connectionTimeout, maxRequestsPerSocket } = options as Record<string, unknown>;
    if (typeof keepAliveTimeout === 'number') server.keepAliveTimeout = keepAliveTimeout;
    if (typeof requestTimeout === 'number') server.requestTimeout = requestTimeout;
    if (typeof connectionTimeout === 'number') server.setTimeout(connectionTimeout);
    // Zero means Node's default, as Fastify treats it.
    if (typeof maxRequestsPerSocket === 'number' && maxRequestsPerSocket > 0) server.maxRequestsPerSocket = maxRequestsPerSocket;
    return server;
  };
}
