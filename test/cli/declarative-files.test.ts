import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';
import { seedRichEnvironment } from './support/rich-environment';

let h: CliHarness;
beforeAll(async () => {
  h = await startCliHarness();
  await seedRichEnvironment(h.server);
});
afterAll(async () => {
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const read = (name: string) => readFileSync(join(h.dir, name), 'utf8');
const write = (name: string, text: string) => writeFileSync(join(h.dir, name), text);

/** Calls the CLI makes, by method (fetch is observed, not replaced). */
function watchRequests(): { methods: () => string[] } {
  const spy = vi.spyOn(globalThis, 'fetch');
  return { methods: () => spy.mock.calls.map(([, init]) => (init?.method ?? 'GET').toUpperCase()) };
}

async function planOf(file: string, extra: string[] = []): Promise<{ op: string; key: string }[]> {
  const res = await h.run(['apply', '-f', file, '--dry-run', '--json', ...extra]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout).changes;
}

describe('export', () => {
  it('writes the environment as desired state: sorted, no versions, timestamps, kill state or archived flags', async () => {
    const res = await h.run(['export', '--env', 'production']);
    expect(res.code, res.stderr).toBe(0);
    const text = res.stdout;
    expect(text).toMatch(/^# Switchyard flags of environment "production"/);
    for (const bookkeeping of ['version:', 'createdAt', 'updatedAt', 'archivedAt', 'killed', 'INC-7', 'old-banner']) expect(text).not.toContain(bookkeeping);
    const keys = [...text.matchAll(/^ {2}- key: (\S+)$/gm)].map((m) => m[1]);
    expect(keys).toEqual(['banner-copy', 'new-checkout', 'orders-db', 'payments-valve', 'beta', 'internal']);
    expect(text).toContain('      - checkout\n      - web\n'); // tags sorted
    expect(text).toContain('      - name: "off"\n        value: "off"'); // quoted for YAML 1.1 readers
    const again = await h.run(['export', '--env', 'production']);
    expect(again.stdout).toBe(text); // stable: byte for byte
  });

  it('a migration flag has its definition only: its stage is not desired state', async () => {
    const file = JSON.parse((await h.run(['export', '--env', 'production', '--json'])).stdout);
    const migration = file.flags.find((f: { key: string }) => f.key === 'orders-db');
    expect(Object.keys(migration)).toEqual(['key', 'name', 'description', 'type', 'owner', 'tags', 'expiresAt', 'clientSide']);
  });

  it('refuses an unknown environment (exit 1) and a missing --env (exit 2)', async () => {
    const unknown = await h.run(['export', '--env', 'moon']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('ENVIRONMENT_NOT_FOUND (404)');
    expect((await h.run(['export'])).code).toBe(2);
  });
});

describe('export, then apply', () => {
  it('ACCEPTANCE: on an unchanged environment the dry-run and the apply report no diff and write nothing', async () => {
    expect((await h.run(['export', '--env', 'production', '--out', 'flags.yaml'])).code).toBe(0);
    const before = await h.auditHead();
    const requests = watchRequests();
    const dry = await h.run(['apply', '-f', 'flags.yaml', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('No changes: the environment matches the file.');
    expect(dry.stdout).toMatch(/note: "payments-valve" is KILLED in production .*apply leaves the kill in place/);
    const real = await h.run(['apply', '-f', 'flags.yaml']);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('No changes.');
    expect(requests.methods().length).toBeGreaterThan(0);
    expect(requests.methods().every((m) => m === 'GET')).toBe(true);
    expect(await h.auditHead()).toBe(before);
    // The dry-run only reads: CI can run it with a viewer token.
    expect((await h.run(['apply', '-f', 'flags.yaml', '--dry-run'], { token: h.server.tokens.viewer })).code).toBe(0);
  });

  it('ACCEPTANCE: editing the file and applying produces exactly the audited changes the plan showed', async () => {
    expect((await h.run(['export', '--env', 'production', '--out', 'edit.yaml'])).code).toBe(0);
    let text = read('edit.yaml');
    // a definition edit, a targeting edit, a toggle, a segment edit, and a new flag with rules
    text = text.replace('description: The one-page checkout', 'description: The one-page checkout, now for everyone');
    text = text.replace(/( {2}- key: new-checkout\n[\s\S]*? {6}enabled: )true/, '$1false');
    text = text.replace(/(weight: )90000([\s\S]*?weight: )10000/, '$150000$250000');
    text = text.replace(/(- key: beta\n[\s\S]*?included:\n)/, '$1      - u-3\n');
    text = text.replace(/^segments:$/m, ['  - key: dark-mode', '    type: release', '    owner: team-ui', '    config:', '      enabled: true', '      rules:', '        - clauses:', '            - { attribute: key, op: segmentMatch, values: [beta] }', '          serve: { variation: 1 }', '      fallthrough: { variation: 0 }', 'segments:'].join('\n'));
    write('edit.yaml', text);

    const plan = await planOf('edit.yaml');
    expect(plan.map((c) => `${c.op} ${c.key}`)).toEqual([
      'segment.update beta',
      'flag.create dark-mode',
      'flag.config.update dark-mode',
      'flag.enable dark-mode',
      'flag.update new-checkout',
      'flag.disable new-checkout',
      'flag.config.update new-checkout',
    ]);
    const human = await h.run(['apply', '-f', 'edit.yaml', '--dry-run']);
    expect(human.stdout).toContain('~ segment beta');
    expect(human.stdout).toContain('included: +u-3');
    expect(human.stdout).toContain('turn OFF in production');
    // Targeting in words: rule sentences, variation names and percentages, not weights or JSON.
    expect(human.stdout).toContain('      Rules:\n        - 2. 10% of beta: if context is in segment beta, roll out "off" 90%, "on" 10%\n        + 2. 10% of beta: if context is in segment beta, roll out "off" 50%, "on" 50%');
    expect(human.stdout).toContain('      Rules: none → 1. if context is in segment beta, serve "on"\n      Default rule: serve "on" → serve "off"');
    expect(human.stdout).not.toContain('90000');
    expect(human.stdout).toContain('7 changes: 1 to create, 6 to update.');
    expect(human.stdout).toContain('Dry run: nothing was changed.');

    const before = await h.auditHead();
    const applied = await h.run(['apply', '-f', 'edit.yaml', '--reason', 'PR #42: launch dark mode']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Applied 7 of 7 changes to "production" as one version \(production \d+, development \d+, staging \d+\)\./);
    const entries = await h.auditAfter(before);
    expect(entries.map((e) => `${e.action} ${e.flagKey ?? e.targetKey}`)).toEqual(plan.map((c) => `${c.op} ${c.key}`));
    expect(entries.every((e) => e.actor === 'bootstrap' && e.reason === 'PR #42: launch dark mode')).toBe(true);
    expect(entries.filter((e) => e.envKey !== null).every((e) => e.envKey === 'production')).toBe(true);

    // The environment now matches: no diff, and a fresh export parses to the same desired state.
    expect(await planOf('edit.yaml')).toEqual([]);
    const config = (await h.server.get('/api/v1/flags/new-checkout/environments/production')).body;
    expect(config.enabled).toBe(false);
    expect(config.rules[1].serve.rollout.variations.map((v: { weight: number }) => v.weight)).toEqual([50_000, 50_000]);
  });

  it('YAML and JSON round-trip: each export applies as no diff, and both mean the same state', async () => {
    expect((await h.run(['export', '--env', 'production', '--out', 'rt.json'])).code).toBe(0);
    expect((await h.run(['export', '--env', 'production', '--format', 'yaml', '--out', 'rt.yaml'])).code).toBe(0);
    const json = JSON.parse(read('rt.json'));
    expect(json.environment).toBe('production');
    expect(await planOf('rt.json')).toEqual([]);
    expect(await planOf('rt.yaml')).toEqual([]);
    const { readFlagFile } = await import('../../apps/cli/src/index');
    expect(readFlagFile(read('rt.yaml'), 'rt.yaml').state).toEqual(readFlagFile(read('rt.json'), 'rt.json').state);
    // A JSON variation value keeps its content whatever its key order.
    const banner = json.flags.find((f: { key: string }) => f.key === 'banner-copy');
    expect(banner.variations[1]).toEqual({ name: 'bold', value: { colour: 'red', title: 'HELLO', sizes: [1, 2.5] }, description: 'louder' });
  });

  it('never restores a killed flag: its targeting is applied and the kill stays', async () => {
    expect((await h.run(['export', '--env', 'production', '--format', 'json', '--out', 'kill.json'])).code).toBe(0);
    const file = JSON.parse(read('kill.json'));
    const valve = file.flags.find((f: { key: string }) => f.key === 'payments-valve');
    valve.config.targets = [{ variation: 1, values: ['ops-team'] }];
    write('kill.json', JSON.stringify(file));
    expect((await planOf('kill.json')).map((c) => c.op)).toEqual(['flag.config.update']);
    expect((await h.run(['apply', '-f', 'kill.json'])).code).toBe(0);
    const config = (await h.server.get('/api/v1/flags/payments-valve/environments/production')).body;
    expect(config.killed).toMatchObject({ reason: 'INC-7: processor down' });
    expect(config.targets).toEqual([{ variation: 1, values: ['ops-team'] }]);
  });

  it('applies a file to another environment with --env: only that environment is touched', async () => {
    expect((await h.run(['export', '--env', 'production', '--out', 'promote.yaml'])).code).toBe(0);
    const before = await h.auditHead();
    const res = await h.run(['apply', '-f', 'promote.yaml', '--env', 'staging', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('applying promote.yaml (written for "production") to "staging"');
    const entries = await h.auditAfter(before);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.envKey === 'staging')).toBe(true);
    expect(await planOf('promote.yaml', ['--env', 'staging'])).toEqual([]);
    expect(await planOf('promote.yaml')).toEqual([]);
  });
});
