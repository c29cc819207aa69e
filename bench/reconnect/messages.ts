/** What the reconnect bench's parent and its SDK workers say to each other (reconnect.ts, sdk-worker.ts). */

export interface StartSpec {
  baseUrl: string;
  /** The flag the parent kills right after the server returns. */
  flag: string;
  serverKey: string;
  clientKey: string;
  /** Node SDK clients (server key) and browser SDK clients (client key) this worker holds. */
  node: number;
  browser: number;
  /** Numbering offset, so that browser contexts are distinct across workers. */
  offset: number;
}

/** Per SDK, for each client: when it was back (`ready` again) and when it held the kill, epoch ms; NaN when never. */
export interface SdkTimes {
  back: number[];
  killed: number[];
  /** Connection attempts made while the server was down, and since it returned. */
  attemptsDown: number;
  attemptsUp: number;
}

export type ToWorker =
  | { type: 'start'; spec: StartSpec }
  /** The server is about to be killed: watch every client from now on. */
  | { type: 'watch' }
  /** The server is back (listening) at `at`: attempts from now on count as after its return. */
  | { type: 'returned'; at: number }
  /** Wait until every client holds the kill, or `timeoutMs`, then report. */
  | { type: 'collect'; timeoutMs: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'up' }
  | { type: 'started'; ready: number; failed: number; ms: number }
  | { type: 'watching' }
  | { type: 'noted' }
  | { type: 'result'; node: SdkTimes; browser: SdkTimes }
  | { type: 'stopped' };
