import { Writable } from 'node:stream';

/** One pino line as logged: its numeric level (30 info, 40 warn, 50 error), message and fields. */
export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

/**
 * A pino destination that keeps every line, for tests that check what the server logs and at
 * which level: pass `logger` to `startTestServer`, read `lines`.
 */
export function captureLogs(level = 'trace'): { logger: { level: string; stream: Writable }; lines: LogLine[]; above(level: number): LogLine[] } {
  const lines: LogLine[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const part of parts) if (part.trim() !== '') lines.push(JSON.parse(part) as LogLine);
      done();
    },
  });
  return { logger: { level, stream }, lines, above: (l) => lines.filter((line) => line.level > l) };
}
