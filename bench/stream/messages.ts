/** Connections a worker opens with one key. */
export interface ConnectionSpec {
  secret: string;
  kind: 'server' | 'client';
  count: number;
  /** Numbering offset, so that browser contexts are distinct across workers. */
  offset: number;
}

export type ToWorker =
  | { type: 'connect'; url: string; specs: ConnectionSpec[]; concurrency: number }
  | { type: 'arm'; trial: number }
  | { type: 'collect'; trial: number; timeoutMs: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'up' }
  | { type: 'connected'; synced: number; failures: Record<string, number>; ms: number }
  | { type: 'armed'; trial: number }
  | { type: 'times'; trial: number; times: number[]; dropped: number }
  | { type: 'closed' };
