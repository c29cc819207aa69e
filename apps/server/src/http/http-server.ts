import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

/** Something that answers some requests before Fastify sees them (returns whether it answered). */
export interface FastLane {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * What a client may hold of the server. A request whose headers (counted from its first byte, or
 * from the connection's opening for the first request) or whole body have not arrived by their
 * deadline is answered 408 and its connection closed; past `maxConnections` open connections, a
 * new one is closed as soon as it is accepted.
 *
 * Long-lived streams are not cut: both deadlines end when a request has fully arrived, which for
 * the admin event stream (a GET) is before its first event, and a WebSocket leaves the HTTP
 * server's request handling when it upgrades. Both still count toward `maxConnections`.
 */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
}

/**
 * The settings' defaults (README). Fastify alone would turn the request deadline off (0), so a
 * body could trickle in for ever; 15,000 connections stay under a 16,384 open-file limit.
 */
export const DEFAULT_HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 15_000 };

/**
 * Fastify's `serverFactory`: the HTTP/1 server Fastify would create itself, with `lane` asked first
 * and `limits` applied. Only `listen()` uses it; `inject()` always goes through Fastify's routes.
 */
export function httpServerWith(lane: FastLane, limits: HttpLimits = DEFAULT_HTTP_LIMITS): FastifyServerFactory {
  return (handler, options) => {
    // Node checks the deadlines on a timer (every 30 s by default): often enough here that a slow
    // client is closed near its deadline, not up to 30 s after it.
    const checkEvery = Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
    const server = createServer({ ...(options.http ?? {}), connectionsCheckingInterval: checkEvery }, (req, res) => {
      if (!lane.handle(req, res)) handler(req, res);
    });
    server.headersTimeout = limits.headersTimeoutMs;
    server.requestTimeout = limits.requestTimeoutMs;
    server.maxConnections = limits.maxConnections;
    const { keepAliveTimeout, connectionTimeout, maxRequestsPerSocket } = options as Record<string, unknown>;
    if (typeof keepAliveTimeout === 'number') server.keepAliveTimeout = keepAliveTimeout;
    if (typeof connectionTimeout === 'number') server.setTimeout(connectionTimeout);
    // Zero means Node's default, as Fastify treats it.
    if (typeof maxRequestsPerSocket === 'number' && maxRequestsPerSocket > 0) server.maxRequestsPerSocket = maxRequestsPerSocket;
    return server;
  };
}
