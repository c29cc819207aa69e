import type { Server } from 'node:http';
import type { Metrics } from '../infra/metrics/metrics';

/** Counts the server's open connections and those refused past its `maxConnections`, for /metrics. */
export function watchConnections(server: Server, metrics: Metrics): void {
  let open = 0;
  server.on('connection', (socket) => {
    open++;
    socket.once('close', () => open--);
  });
  server.on('drop', () => metrics.httpConnectionsRefused.inc());
  metrics.countHttpConnectionsWith(() => open);
}
