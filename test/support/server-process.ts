import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** How the server process is started: node's arguments and its working folder. */
export interface ServerLaunch {
  args: string[];
  cwd: string;
}

/** The default: the server's TypeScript sources through tsx, from the repository root. */
export const FROM_SOURCES: ServerLaunch = { args: ['--import', 'tsx', 'apps/server/src/main.ts'], cwd: ROOT };

/**
 * The real server as a separate process on a real SQLite file, for tests that kill and restart it.
 * Requests go through `api()` with the admin token.
 */
export class ServerProcess {
  readonly adminToken: string;
  readonly dir = mkdtempSync(join(tmpdir(), 'switchyard-proc-'));
  readonly file = join(this.dir, 'switchyard.db');
  port = 0;
  private child: ChildProcess | undefined;
  output = '';

  /**
   * `env` is added to the server's environment; a SWITCHYARD_ADMIN_TOKEN there is shared (replicas).
   * `launch` runs something else than the sources: a built server (test/packaging).
   */
  constructor(
    private readonly env: Record<string, string> = {},
    private readonly launch: ServerLaunch = FROM_SOURCES,
  ) {
    this.adminToken = env.SWITCHYARD_ADMIN_TOKEN ?? `sya_test_${randomBytes(16).toString('hex')}`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (on the same port as before when restarting) and waits until it listens, at most `timeoutMs`. */
  async start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(process.execPath, this.launch.args, {
      cwd: this.launch.cwd,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', DATABASE_FILE: this.file, SWITCHYARD_ADMIN_TOKEN: this.adminToken, LOG_LEVEL: this.env.LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms: ${this.output}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (m) {
          clearTimeout(timer);
          this.port = Number(m[1]);
          resolvePromise();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}: ${this.output}`));
      });
    });
  }

  /** SIGKILL: no goodbye to anyone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.output = '';
  }

  /** Graceful stop (SIGTERM): SDKs get goaway. Resolves with the exit code once the process is gone. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  }

  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Creates an SDK key and returns its secret. */
  async sdkKey(kind: 'server' | 'client', environment = 'production'): Promise<{ id: string; secret: string }> {
    const res = await this.api('POST', '/api/v1/keys', { kind, environment, name: `${kind}-${randomBytes(3).toString('hex')}` });
    if (res.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(res.body)}`);
    return { id: res.body.key.id, secret: res.body.secret };
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
