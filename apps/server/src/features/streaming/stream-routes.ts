import websocket from '@fastify/websocket';
import { MAX_CLIENT_FRAME_BYTES, STREAM_PATH } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { sourceOf } from './source-address';
import type { StreamHub } from './stream-hub';
import { StreamConnection, type StreamCounters } from './stream-connection';
import type { StreamOptions } from './stream-options';

/** The one streaming endpoint. The key arrives in the first message, never in the URL. */
export async function registerStreamRoutes(
  app: FastifyInstance,
  deps: { hub: StreamHub; streamOptions: StreamOptions; counters?: StreamCounters & { opened(): void } },
): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_CLIENT_FRAME_BYTES } });
  app.get(STREAM_PATH, { websocket: true }, (socket, req) => {
    deps.counters?.opened();
    const conn = new StreamConnection(`c_${randomBytes(6).toString('base64url')}`, socket, deps.streamOptions, deps.counters);
    conn.source = sourceOf(req.ip); // the client's address: X-Forwarded-For only from proxies TRUST_PROXY names
    conn.start(
      (message) => {
        deps.hub.receive(conn, message).catch((err: unknown) => {
          // Nothing a client that has not been let in sends may log above warn (a DB outage during
          // its key lookup included: it is reported by /readyz and every other request).
          if (conn.ready) req.log.error({ err, connectionId: conn.id }, 'stream message failed');
          else req.log.warn({ err, connectionId: conn.id }, 'stream hello failed');
          conn.close('server-error');
        });
      },
      () => deps.hub.remove(conn),
    );
  });
}
