import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Prometheus (Debian's `prometheus` package; scripts/lib/services.sh installs it) scraping a
 * test service every 250 ms. The service exposes gauges the test sets; `waitFor` returns once
 * Prometheus itself answers a query with the value just set.
 */
export interface RealPrometheus {
  url: string;
  /** Sets a gauge on the scraped service (`name{} value`); `null` removes it. */
  set(name: string, value: number | null): void;
  /** Resolves once Prometheus's instant query `expr` returns `value` (within 20 s), else throws. */
  waitFor(expr: string, value: number | null): Promise<void>;
  close(): Promise<void>;
}

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function query(url: string, expr: string): Promise<number | null | undefined> {
  try {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    const result = body.data?.result ?? [];
    return result.length === 0 ? null : Number(result[0]!.value[1]);
  } catch {
    return undefined; // not up yet
  }
}

export async function startRealPrometheus(): Promise<RealPrometheus> {
  const gauges = new Map<string, number>();
  const target: Server = createServer((_req, res) => {
    const lines = [...gauges].map(([name, value]) => `# TYPE ${name} gauge\n${name} ${value}`);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetPort = (target.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    ['global:', '  scrape_interval: 250ms', '  evaluation_interval: 1s', 'scrape_configs:', '  - job_name: checkout', '    static_configs:', `      - targets: ['127.0.0.1:${targetPort}']`, ''].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitFor = async (expr: string, value: number | null) => {
    const deadline = Date.now() + 20_000;
    let last: number | null | undefined;
    while (Date.now() < deadline) {
      last = await query(url, expr);
      if (last === value) return;
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Prometheus never answered ${expr} = ${value} (last: ${last}); its output: ${output.slice(-2000)}`);
  };

  const close = async () => {
    child.kill('SIGTERM');
    await exited;
    await new Promise<void>((resolve) => target.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    gauges.set('up_probe', 1);
    await waitFor('up_probe', 1);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    url,
    set: (name, value) => (value === null ? gauges.delete(name) : gauges.set(name, value)),
    waitFor,
    close,
  };
}
