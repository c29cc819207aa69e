import type { Logger } from '../platform/logger';
import type { RuleSetInput } from '../store/rule-set-input';
import type { TestData } from '../test-data/test-data';

/** Options of `createClient`. Only `sdkKey` and `baseUrl` are needed to talk to a server. */
export interface ClientOptions {
  /** A server SDK key (`sys_…`). Required unless `offline` or `testData`. Sent in the stream's first message, never in a URL. */
  sdkKey?: string;
  /** The Switchyard server, e.g. `https://flags.example.com`. Required unless `offline` or `testData`. */
  baseUrl?: string;
  /** `true` (default): live updates over a WebSocket. `false`: poll `GET /sdk/v1/flags` every `pollIntervalMs`. */
  stream?: boolean;
  /** Polling interval when `stream` is false (default 30,000 ms; at least 100). */
  pollIntervalMs?: number;
  /**
   * A rule-set JSON file as served by `GET /sdk/v1/flags`, read once at construction. Offline, it is
   * all the client serves; online, it is served until the first sync (the stream then sends a snapshot).
   */
  bootstrapFile?: string;
  /** The same as `bootstrapFile`, already in memory. */
  bootstrap?: RuleSetInput;
  /** Never connect: serve the bootstrap (or the callers' defaults). Ready at once. */
  offline?: boolean;
  /** Serve flags from a test data source (`createTestData()`), with no server. */
  testData?: TestData;
  /** Where to log (default: the console, warnings and errors). */
  logger?: Logger;
  /**
   * Evaluation summaries (counts per flag and variant) sent over the stream every
   * `flushIntervalMs` (default 60,000). `false` turns counting off. Not sent when polling or offline.
   */
  summaries?: false | { flushIntervalMs?: number };
  /** Reconnect backoff bounds (default: 1 s initial ceiling, 60 s maximum, full jitter). */
  reconnect?: { initialMs?: number; maxMs?: number };
  /** WebSocket handshake and HTTP request timeout (default 10,000 ms). */
  timeoutMs?: number;
  /**
   * `true` (default): a flag's rules evaluated often (10,000 times) are compiled into one generated
   * function (`new Function`), which evaluates them faster. `false`: they always run as closures,
   * with the same results; for processes where code generation from strings is forbidden
   * (`node --disallow-code-generation-from-strings`, a policy or sandbox that disallows eval).
   */
  codegen?: boolean;
}
