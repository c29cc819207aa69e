/**
 * What a connection is: a server SDK (patches), a browser (values for its context), or `bare`: no
 * hello and synced once open, for the machine-floor server (bare-floor-server.ts), whose frames are
 * patch-shaped so that they are applied like real patches.
 */
export type ConnectionKind = 'server' | 'client' | 'bare';

/** Connections a worker opens with one key (a bare connection's secret is unused). */
export interface ConnectionSpec {
  secret: string;
  kind: ConnectionKind;
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
  /** `frameBytes`: payload bytes of the first change frame this worker applied in the trial (0 if none). */
  | { type: 'times'; trial: number; times: number[]; dropped: number; frameBytes: number }
  | { type: 'closed' };
