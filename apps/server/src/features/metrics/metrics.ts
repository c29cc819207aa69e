import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics, in one registry per app (tests build several apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchyard_process_' });
  let countConnections = (): { server: number; client: number } => ({ server: 0, client: 0 });
  return {
    registry,
    /** The stream hub tells the connections gauge how to count, once it exists. */
    countConnectionsWith(fn: () => { server: number; client: number }) {
      countConnections = fn;
    },
    connections: new Gauge({
      name: 'switchyard_stream_connections',
      help: 'Live SDK stream connections',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        const counts = countConnections();
        this.set({ kind: 'server' }, counts.server);
        this.set({ kind: 'client' }, counts.client);
      },
    }),
    messagesSent: new Counter({ name: 'switchyard_stream_messages_sent_total', help: 'Frames sent to SDKs', registers: [registry] }),
    connectionsOpened: new Counter({ name: 'switchyard_stream_connections_opened_total', help: 'WebSocket connections opened to the SDK stream (before hello)', registers: [registry] }),
    streamRefused: new Counter({
      name: 'switchyard_stream_refused_total',
      help: 'Stream connections and messages the server refused, by close reason (limits, bad messages, keys)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    changeToPush: new Histogram({
      name: 'switchyard_change_to_push_seconds',
      help: 'From a change being committed to its frames being written to the SDK connections of this replica',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    summariesReceived: new Counter({ name: 'switchyard_evaluation_summaries_received_total', help: 'Evaluation summaries received from SDKs', registers: [registry] }),
    summaryCountersDropped: new Counter({
      name: 'switchyard_evaluation_summary_counters_dropped_total',
      help: 'Summary counters not recorded: unknown-flag, not-client-side (a client key reporting a server-only flag), unknown-variant, rate-limited',
      labelNames: ['reason'],
      registers: [registry],
    }),
    auditWrites: new Counter({ name: 'switchyard_audit_writes_total', help: 'Audit entries written', labelNames: ['action'], registers: [registry] }),
    storeLatency: new Histogram({
      name: 'switchyard_store_seconds',
      help: 'Time spent in database units of work (including waiting for the write lock)',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
