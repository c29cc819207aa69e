/**
 * Where the SDK writes what it has to say. Any object with these four methods will do
 * (pino, winston and console all fit); `meta` carries structured details.
 */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/**
 * A logger writing to the console with a `[switchyard]` prefix, dropping messages below `level`.
 * The client uses `createConsoleLogger('warn')` when no logger is given.
 *
 * @param level - the least severe level written (default `warn`); `silent` writes nothing.
 */
export function createConsoleLogger(level: LogLevel = 'warn'): Logger {
  const min = RANK[level] ?? RANK.warn;
  const write = (at: Exclude<LogLevel, 'silent'>, sink: (...args: unknown[]) => void) => (message: string, meta?: Record<string, unknown>) => {
    if (RANK[at] < min) return;
    if (meta === undefined) sink(`[switchyard] ${message}`);
    else sink(`[switchyard] ${message}`, meta);
  };
  return {
    debug: write('debug', console.debug),
    info: write('info', console.info),
    warn: write('warn', console.warn),
    error: write('error', console.error),
  };
}

/** Wraps a user's logger so that a logger that throws can never break the SDK. */
export function safeLogger(logger: Logger): Logger {
  const guard = (method: keyof Logger) => (message: string, meta?: Record<string, unknown>) => {
    try {
      logger[method](message, meta);
    } catch {
      // A broken logger must not take evaluation or the stream down.
    }
  };
  return { debug: guard('debug'), info: guard('info'), warn: guard('warn'), error: guard('error') };
}
