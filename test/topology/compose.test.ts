import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const nginx = readFileSync(resolve(ROOT, 'docker/nginx.conf'), 'utf8');

/** Which compose CLI this machine has, if any (v2 plugin preferred; Debian ships only v1 here). */
function composeCli(): string[] | null {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return null;
}

describe('docker-compose topology', () => {
  it('runs PostgreSQL, Redis, two replicas sharing them, and a load balancer in front of both', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['lb', 'postgres', 'redis', 'server-a', 'server-b', 'server-embedded']);
    for (const name of ['server-a', 'server-b']) {
      const env = s[name].environment;
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.REPLICAS).toBe('many');
      expect(s[name].depends_on.postgres.condition).toBe('service_healthy');
      // Browser limits count per client address: behind nginx, that is the one it forwards.
      expect(env.TRUST_PROXY).toBe('1');
    }
    const stream = /location \/sdk\/v1\/stream \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(stream).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(nginx).toMatch(/server server-a:4000/);
    expect(nginx).toMatch(/server server-b:4000/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    expect(s['server-embedded'].profiles).toEqual(['embedded']);
  });

  it('is accepted by the compose CLI when one is installed', () => {
    const cli = composeCli();
    if (!cli) {
      // No compose binary: the structural checks above are what we can check.
      expect(compose.services).toBeDefined();
      return;
    }
    const out = execFileSync(cli[0]!, [...cli.slice(1), '-f', resolve(ROOT, 'docker-compose.yml'), 'config'], {
      env: { ...process.env, SWITCHYARD_ADMIN_TOKEN: 'compose-config-check-token' },
    }).toString();
    expect(out).toContain('server-b');
    const refused = spawnSync(cli[0]!, [...cli.slice(1), '-f', resolve(ROOT, 'docker-compose.yml'), 'config'], { env: { ...process.env, SWITCHYARD_ADMIN_TOKEN: '' } });
    expect(refused.status).not.toBe(0);
  });
});
