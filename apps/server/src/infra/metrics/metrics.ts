import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type EnvironmentSizes = { environment: string; size: { bytes: number; flags: number; segments: number } }[];

/** The server's Prometheus metrics, in one registry per app (tests build several apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchyard_process_' });
  let countConnections = (): { server: number; client: number } => ({ server: 0, client: 0 });
  let countHttpConnections = (): number => 0;
  let countEventStreams = (): number => 0;
  let countOfrepStreams = (): number => 0;
  let readSizes = async (): Promise<EnvironmentSizes> => [];
  return {
    registry,
    /** The stream hub tells the connections gauge how to count, once it exists. */
    countConnectionsWith(fn: () => { server: number; client: number }) {
      countConnections = fn;
    },
    /** The environment service tells the size gauge how to read every environment's size, read at each scrape. */
    readEnvironmentSizesWith(fn: () => Promise<EnvironmentSizes>) {
      readSizes = fn;
    },
    environmentSize: new Gauge({
      name: 'switchyard_environment_size',
      help: 'What SDKs load of each environment: bytes of its live flags and segments, and their counts',
      labelNames: ['environment', 'measure'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { environment, size } of await readSizes())
          for (const measure of ['bytes', 'flags', 'segments'] as const) this.set({ environment, measure }, size[measure]);
      },
    }),
    environmentBudget: new Gauge({ name: 'switchyard_environment_budget', help: 'How much one environment may hold, by measure', labelNames: ['measure'], registers: [registry] }),
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
    /** The HTTP server tells the open-connections gauge how to count, once it exists. */
    countHttpConnectionsWith(fn: () => number) {
      countHttpConnections = fn;
    },
    httpConnections: new Gauge({
      name: 'switchyard_http_connections',
      help: 'Open TCP connections to the HTTP server (requests, SDK streams and event streams alike)',
      registers: [registry],
      collect() {
        this.set(countHttpConnections());
      },
    }),
    httpConnectionsRefused: new Counter({
      name: 'switchyard_http_connections_refused_total',
      help: 'Connections closed on arrival because HTTP_MAX_CONNECTIONS were open',
      registers: [registry],
    }),
    /** The admin event streams tell their gauge how to count, once they exist. */
    countEventStreamsWith(fn: () => number) {
      countEventStreams = fn;
    },
    eventStreams: new Gauge({
      name: 'switchyard_admin_event_streams',
      help: 'Open admin event streams (GET /api/v1/events)',
      registers: [registry],
      collect() {
        this.set(countEventStreams());
      },
    }),
    /** OFREP's event streams tell their gauge how to count, once they exist. */
    countOfrepStreamsWith(fn: () => number) {
      countOfrepStreams = fn;
    },
    ofrepStreams: new Gauge({
      name: 'switchyard_ofrep_event_streams',
      help: 'Open OFREP event streams (GET /ofrep/v1/events)',
      registers: [registry],
      collect() {
        this.set(countOfrepStreams());
      },
    }),
    ofrepStreamsRefused: new Counter({
      name: 'switchyard_ofrep_event_streams_refused_total',
      help: 'OFREP event streams refused by a limit (too-many-connections, too-many-connections-from-source, context-rate-exceeded)',
      labelNames: ['limit'],
      registers: [registry],
    }),
    eventStreamsRefused: new Counter({
      name: 'switchyard_admin_event_streams_refused_total',
      help: 'Admin event streams refused by a limit (per-token or total)',
      labelNames: ['limit'],
      registers: [registry],
    }),
    fanoutRefused: new Counter({
      name: 'switchyard_fanout_messages_refused_total',
      help: "Redis fan-out messages never applied: another deployment's, or malformed",
      labelNames: ['reason'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'switchyard_rate_limited_total',
      help: 'Admin API requests refused with 429 RATE_LIMITED, by limit (sign-in, writes)',
      labelNames: ['limit'],
      registers: [registry],
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
