import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL cluster of our own (initdb into a temp dir, its own port) that a test may stop. */
export class ThrowawayPostgresCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'switchyard-pgcluster-'));
  readonly data = join(this.dir, 'data');

  constructor(readonly port: number) {
    chmodSync(this.dir, 0o777);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private asPostgres(cmd: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args], { stdio: 'pipe' });
  }

  init(): void {
    this.asPostgres('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  }

  start(): void {
    this.asPostgres('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'log'), '-w', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  }

  /** Stops the server at once (no shutdown checkpoint): an outage, not a maintenance window. */
  stop(): void {
    this.asPostgres('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }

  dispose(): void {
    spawnSync('runuser', ['-u', 'postgres', '--', `${BIN}/pg_ctl`, '-D', this.data, '-m', 'immediate', 'stop']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
