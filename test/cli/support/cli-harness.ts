import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../apps/server/test/support/test-server';
import { runCli } from '../../../apps/cli/src/index';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  server: TestServer;
  /** A scratch folder: the CLI's working directory, for -f and --out files. */
  dir: string;
  /** Runs `switchyard …argv` in-process against the real server, as the admin token unless told. */
  run(argv: string[], opts?: { token?: string | null; env?: Record<string, string>; signal?: AbortSignal; onOutput?: (text: string) => void }): Promise<CliResult>;
  /** Every byte the CLI wrote in this harness, for "the token never appears" checks. */
  allOutput(): string;
  /** Audit entries with seq > `after`, oldest first (read through the API). */
  auditAfter(after: number): Promise<{ seq: number; action: string; flagKey: string | null; envKey: string | null; targetKey: string | null; actor: string; reason: string | null }[]>;
  /** The newest audit seq. */
  auditHead(): Promise<number>;
  close(): Promise<void>;
}

/** A real server listening on a port (`options`: the test server's), and the CLI run in-process against it. */
export async function startCliHarness(options: Omit<Parameters<typeof startTestServer>[0], 'listen'> = {}): Promise<CliHarness> {
  const server = await startTestServer({ ...options, listen: true });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
  const output: string[] = [];

  const harness: CliHarness = {
    server,
    dir,
    async run(argv, opts = {}) {
      let stdout = '';
      let stderr = '';
      const token = opts.token === undefined ? server.tokens.admin : opts.token;
      const env: Record<string, string> = { SWITCHYARD_URL: server.baseUrl, ...(token !== null ? { SWITCHYARD_TOKEN: token } : {}), ...(opts.env ?? {}) };
      const code = await runCli(argv, {
        env,
        cwd: dir,
        ...(opts.signal ? { signal: opts.signal } : {}),
        stdout: (t) => {
          stdout += t;
          output.push(t);
          opts.onOutput?.(stdout);
        },
        stderr: (t) => {
          stderr += t;
          output.push(t);
        },
      });
      return { code, stdout, stderr };
    },
    allOutput: () => output.join(''),
    async auditAfter(after) {
      const res = await server.get('/api/v1/audit?limit=500');
      return (res.body.items as { seq: number }[]).filter((e) => e.seq > after).reverse() as Awaited<ReturnType<CliHarness['auditAfter']>>;
    },
    async auditHead() {
      const res = await server.get('/api/v1/audit?limit=1');
      return (res.body.items[0]?.seq as number | undefined) ?? 0;
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
