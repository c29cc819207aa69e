import type { FastifyInstance } from 'fastify';

/** How long a closing server lets requests in flight finish before it drops every connection left. */
export const SHUTDOWN_DRAIN_MS = 2_000;

/**
 * Closing the server stops new connections and waits for open ones. Streams are ended by their
 * own preClose hooks and idle keep-alive connections are closed by Fastify; what is left is
 * requests in flight and connections that never sent a request (a browser's preconnect, a silent
 * client), which Node would wait for for ever: after `drainMs`, they are destroyed.
 */
export function drainOnClose(app: FastifyInstance, drainMs = SHUTDOWN_DRAIN_MS): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  app.addHook('preClose', async () => {
    timer = setTimeout(() => app.server.closeAllConnections(), drainMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearTimeout(timer));
}
