/** How the client gets its data. */
export type ClientMode = 'stream' | 'polling' | 'offline' | 'test-data';

/**
 * Counters describing what the client has done since it was created: for dashboards, support
 * requests and tests (e.g. "no snapshot was resent after a restart").
 */
export interface ClientDiagnostics {
  mode: ClientMode;
  /** The environment named by the data source, when it names one. */
  environment: string | undefined;
  /** The last environment version applied; -1 before any data. */
  version: number;
  /** The current stream connection's id (quote it when reporting problems), if connected. */
  connectionId: string | undefined;
  /** Full rule sets applied: stream snapshots, polled rule sets, bootstrap and test data loads. */
  snapshots: number;
  /** Patches and deletes applied. */
  changes: number;
  /** Changes received again and ignored (at-least-once delivery). */
  duplicates: number;
  /** Missing versions detected (each one triggers a resync). */
  gaps: number;
  /** WebSocket connections attempted. */
  connectAttempts: number;
  /** Stream connections that reached `ready`. */
  connections: number;
  /** Polls made, and how many were answered 304 Not Modified. */
  polls: number;
  notModified: number;
  acksSent: number;
  summariesSent: number;
}

/** A fresh set of counters. */
export function createDiagnostics(mode: ClientMode): ClientDiagnostics {
  return {
    mode,
    environment: undefined,
    version: -1,
    connectionId: undefined,
    snapshots: 0,
    changes: 0,
    duplicates: 0,
    gaps: 0,
    connectAttempts: 0,
    connections: 0,
    polls: 0,
    notModified: 0,
    acksSent: 0,
    summariesSent: 0,
  };
}
