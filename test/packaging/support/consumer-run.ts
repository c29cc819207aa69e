import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ServerProcess, type ServerLaunch } from '../../support/server-process';
import { consumerEnv } from './workspace';

/** A long-running consumer program (`node app.mjs`), read line by line. */
export class ConsumerProgram {
  output = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(cwd: string, args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, args, { cwd, env: consumerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Resolves when the output matches `pattern`; rejects after `timeoutMs` or when the program ends first. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.output);
      if (m) return m;
      if (this.child.exitCode !== null) throw new Error(`the program exited (${this.child.exitCode}) before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; it printed:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** SIGTERM, then its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** Runs a consumer command to its end (`npx tsc …`, `node x.mjs`) and collects what it printed. */
export function runInConsumer(cwd: string, command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: consumerEnv(env), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The server installed from the @switchyard/server tarball, started through its `switchyard-server` bin. */
export function serverFromTarball(consumerDir: string): ServerProcess {
  const launch: ServerLaunch = { args: [join(consumerDir, 'node_modules/.bin/switchyard-server')], cwd: consumerDir };
  return new ServerProcess({ NODE_OPTIONS: '' }, launch);
}

