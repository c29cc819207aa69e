/**
 * Where the CLI reads its environment and writes its output. `main.ts` binds it to the process;
 * tests bind it to strings, so every command runs in-process against a real server.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative file paths (`-f`, `--out`) are resolved against this folder. */
  cwd: string;
  /** Ends long-running commands (`audit tail --follow`); the process binds it to SIGINT. */
  signal?: AbortSignal;
}

const REDACTED = '[redacted]';

/**
 * Wraps an Io so that the admin token can never reach the output, whatever a message quotes
 * (an echoed URL, a server message, a stack). The commands never print it; this is the net below.
 */
export function redactingIo(io: CliIo, secret: string | undefined): CliIo {
  if (secret === undefined || secret.length < 4) return io;
  const scrub = (text: string) => text.split(secret).join(REDACTED);
  return { ...io, stdout: (t) => io.stdout(scrub(t)), stderr: (t) => io.stderr(scrub(t)) };
}
