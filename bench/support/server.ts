import { readFileSync } from 'node:fs';
import { ServerProcess } from '../../test/support/server-process';

/**
 * The real server (apps/server/src/main.ts) in its own process on a fresh SQLite file, as tests
 * run it, without the write rate limit. `env` adds settings (LOG_LEVEL is warn unless given).
 */
export async function startServer(env: Record<string, string> = {}, profileDir = ''): Promise<Server> {
  // With a profile directory, the server can record V8 CPU profiles of chosen spans (Server.profile).
  const profiling: Record<string, string> = profileDir ? { NODE_OPTIONS: `--require ${new URL('./cpu-profile-preload.cjs', import.meta.url).pathname}`, BENCH_PROFILE_DIR: profileDir } : {};
  // Benchmarks measure what the server can carry, not the per-token write limit (WRITES_PER_MINUTE).
  const server = new ServerProcess({ WRITES_PER_MINUTE: '0', ...env, ...profiling });
  await server.start();
  return new Server(server);
}

/**
 * Settings lifting the server's stream limits to `n` connections: per key, per client key, and per
 * source — a bench's clients all come from this machine, one source — with ten contexts a minute
 * per connection (reconnects included).
 */
export function fleetLimits(n: number): Record<string, string> {
  return {
    STREAM_MAX_CONNECTIONS_PER_KEY: String(n),
    STREAM_MAX_CONNECTIONS_PER_CLIENT_KEY: String(n),
    STREAM_MAX_CONNECTIONS_PER_SOURCE: String(n),
    STREAM_CONTEXTS_PER_SOURCE_PER_MINUTE: String(10 * n),
  };
}

export class Server {
  constructor(readonly proc: ServerProcess) {}

  get baseUrl(): string {
    return this.proc.baseUrl;
  }

  get streamUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/sdk/v1/stream`;
  }

  /** The server's process id (ServerProcess keeps its child private; it is the node process itself, no shell). */
  get pid(): number {
    return (this.proc as unknown as { child: { pid: number } }).child.pid;
  }

  /** Resident memory of the server process, in KiB, from /proc/<pid>/status (VmRSS). */
  rssKiB(): number {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    if (!m) throw new Error('no VmRSS in /proc status');
    return Number(m[1]);
  }

  /** CPU time (user + system) the server process has used so far, in ms, from /proc/<pid>/stat. */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  }

  /** Starts (first call) or stops and writes (second call) a CPU profile, when started with a profile directory. */
  profile(): void {
    process.kill(this.pid, 'SIGUSR2');
  }

  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    return this.proc.api(method, path, body);
  }

  /** An admin API call that must succeed (2xx), else throws with the answer. */
  async must(method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.api(method, path, body);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async keys(kind: 'server' | 'client', n: number, environment = 'production'): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await this.proc.sdkKey(kind, environment)).secret);
    return out;
  }

  async stop(): Promise<void> {
    await this.proc.dispose();
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in order. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!, i);
      }
    }),
  );
  return out;
}
