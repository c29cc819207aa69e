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

/** Exports production as JSON, lets `edit` change it, and writes it back. */
async function exportAndEdit(name: string, edit: (file: any) => void): Promise<void> {
  const res = await h.run(['export', '--env', 'production', '--out', name]);
  expect(res.code, res.stderr).toBe(0);
  const file = JSON.parse(read(name));
  edit(file);
  write(name, JSON.stringify(file, null, 2));
}
const flagIn = (file: any, key: string) => file.flags.find((f: { key: string }) => f.key === key);
const configVersion = async (key: string) => (await h.server.get(`/api/v1/flags/${key}/environments/production`)).body.version as number;

describe('concurrent edits between export and apply', () => {
  it('a saved plan applied after someone else changed the flag: 409 VERSION_CONFLICT, their edit kept', async () => {
    await exportAndEdit('conflict.json', (f) => (flagIn(f, 'new-checkout').config.fallthrough = { variation: 0 }));
    const dry = await h.run(['apply', '-f', 'conflict.json', '--dry-run', '--plan-out', 'conflict.plan.json', '--reason', 'PR #7']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('Saved the plan to');
    // Someone edits the same flag in the console after the plan was reviewed.
    const console = await h.server.patch('/api/v1/flags/new-checkout/environments/production', { baseVersion: await configVersion('new-checkout'), targets: [], reason: 'console' });
    expect(console.status).toBe(200);
    const before = await h.auditHead();
    const res = await h.run(['apply', '--plan', 'conflict.plan.json']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('saved plan of conflict.json');
    expect(res.stderr).toContain('error: VERSION_CONFLICT (409)');
    expect(res.stderr).toMatch(/current version: \d+/);
    expect(res.stderr).toContain('nothing of yours was written over');
    expect(res.stderr).toContain('Nothing was changed: the plan of 1 changes applies whole or not at all');
    expect(await h.auditHead()).toBe(before);
    expect((await h.server.get('/api/v1/flags/new-checkout/environments/production')).body).toMatchObject({ targets: [], fallthrough: { variation: 1 } });
  });

  it('a saved plan applies exactly what was reviewed when nothing changed since', async () => {
    await exportAndEdit('clean.json', (f) => (flagIn(f, 'banner-copy').owner = 'team-web'));
    expect((await h.run(['apply', '-f', 'clean.json', '--dry-run', '--plan-out', 'clean.plan.json', '--reason', 'PR #8'])).code).toBe(0);
    const before = await h.auditHead();
    const res = await h.run(['apply', '--plan', 'clean.plan.json', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ complete: true, applied: [{ op: 'flag.update', key: 'banner-copy' }] });
    expect((await h.auditAfter(before)).map((e) => [e.action, e.reason])).toEqual([['flag.update', 'PR #8']]);
    const wrongEnv = await h.run(['apply', '--plan', 'clean.plan.json', '--env', 'staging']);
    expect(wrongEnv.code).toBe(2);
  });

  it('a definition edited by someone else after the plan: the definition write is refused with 409', async () => {
    await exportAndEdit('def.json', (f) => (flagIn(f, 'banner-copy').description = 'from git'));
    expect((await h.run(['apply', '-f', 'def.json', '--dry-run', '--plan-out', 'def.plan.json'])).code).toBe(0);
    const flag = (await h.server.get('/api/v1/flags/banner-copy')).body;
    expect((await h.server.patch('/api/v1/flags/banner-copy', { baseVersion: flag.version, description: 'from the console' })).status).toBe(200);
    const res = await h.run(['apply', '--plan', 'def.plan.json']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('VERSION_CONFLICT (409)');
    expect((await h.server.get('/api/v1/flags/banner-copy')).body.description).toBe('from the console');
  });

  it('a config changed after the plan while its definition was not: the whole plan is refused, the definition change too', async () => {
    await exportAndEdit('both.json', (f) => {
      flagIn(f, 'new-checkout').name = 'New checkout';
      flagIn(f, 'new-checkout').config.fallthrough = { variation: 0 };
    });
    expect((await h.run(['apply', '-f', 'both.json', '--dry-run', '--plan-out', 'both.plan.json'])).code).toBe(0);
    await h.server.patch('/api/v1/flags/new-checkout/environments/production', { baseVersion: await configVersion('new-checkout'), targets: [{ variation: 0, values: ['vip'] }], reason: 'console' });
    const before = await h.auditHead();
    const res = await h.run(['apply', '--plan', 'both.plan.json']);
    expect(res.code).toBe(1);
    expect(res.stdout).not.toContain('done');
    expect(res.stderr).toContain('VERSION_CONFLICT (409): changes[1] (flag.config.update)');
    expect(res.stderr).toContain('(POST /api/v1/environments/production/apply)');
    expect(res.stderr).toContain('Nothing was changed');
    expect(await h.auditHead()).toBe(before);
    expect((await h.server.get('/api/v1/flags/new-checkout')).body.name).not.toBe('New checkout');
    expect((await h.server.get('/api/v1/flags/new-checkout/environments/production')).body.targets).toEqual([{ variation: 0, values: ['vip'] }]);
  });

  it('a saved plan that creates a flag and turns it on, then meets a 409 on its last change, applies nothing (issue 26: it applied 3 of 4)', async () => {
    await exportAndEdit('launch.json', (f) => {
      f.flags.push({ key: 'launch-pad', type: 'release', owner: 'team-web', config: { enabled: true, targets: [], rules: [], fallthrough: { variation: 1 }, prerequisites: [] } });
      flagIn(f, 'banner-copy').description = 'launch copy';
      flagIn(f, 'new-checkout').config.fallthrough = { variation: 0 };
    });
    const dry = JSON.parse((await h.run(['apply', '-f', 'launch.json', '--dry-run', '--plan-out', 'launch.plan.json', '--json'])).stdout);
    expect(dry.changes.map((c: { op: string; key: string }) => `${c.op} ${c.key}`)).toEqual(['flag.create launch-pad', 'flag.update banner-copy', 'flag.enable launch-pad', 'flag.config.update new-checkout']);
    await h.server.patch('/api/v1/flags/new-checkout/environments/production', { baseVersion: await configVersion('new-checkout'), targets: [{ variation: 1, values: ['late'] }], reason: 'console' });
    const before = await h.auditHead();
    const res = await h.run(['apply', '--plan', 'launch.plan.json', '--json']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({ applied: [], complete: false });
    expect(await h.auditHead()).toBe(before);
    expect((await h.server.get('/api/v1/flags/launch-pad')).status).toBe(404);
  });

  it('a console edit shows up as drift in the next dry-run, and --check fails on it (exit 1)', async () => {
    expect((await h.run(['export', '--env', 'production', '--out', 'drift.yaml'])).code).toBe(0);
    expect((await h.run(['apply', '-f', 'drift.yaml', '--check'])).code).toBe(0);
    await h.server.post('/api/v1/flags/banner-copy/environments/production/toggle', { enabled: true, baseVersion: await configVersion('banner-copy'), reason: 'console' });
    const res = await h.run(['apply', '-f', 'drift.yaml', '--check']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('turn OFF in production');
    expect(res.stderr).toContain('drift: environment "production" differs from drift.yaml (1 change: 1 to update.)');
  });
});

describe('--prune', () => {
  it('without --prune, flags and segments absent from the file are left alone and named', async () => {
    await exportAndEdit('partial.json', (f) => {
      f.flags = f.flags.filter((x: { key: string }) => x.key !== 'banner-copy');
      f.segments = f.segments.filter((s: { key: string }) => s.key !== 'internal');
    });
    const res = await h.run(['apply', '-f', 'partial.json', '--dry-run']);
    expect(res.stdout).toContain('No changes');
    expect(res.stdout).toContain('Not in the file, left alone (--prune archives them): flags banner-copy.');
    expect(res.stdout).toContain('(--prune deletes them): segments internal.');
  });

  it('archives flags and deletes segments absent from the file; a file naming an archived flag unarchives it', async () => {
    await exportAndEdit('prune.json', (f) => {
      f.flags = f.flags.filter((x: { key: string }) => x.key !== 'banner-copy');
      // nothing uses "internal" once new-checkout's staff rule goes
      flagIn(f, 'new-checkout').config.rules = flagIn(f, 'new-checkout').config.rules.filter((r: { id?: string }) => r.id !== 'staff');
      f.segments = f.segments.filter((s: { key: string }) => s.key !== 'internal');
      f.flags.push({ key: 'old-banner', type: 'release', owner: 'team-web' });
    });
    const plan = JSON.parse((await h.run(['apply', '-f', 'prune.json', '--dry-run', '--prune', '--json'])).stdout).changes;
    expect(plan.map((c: { op: string; key: string }) => `${c.op} ${c.key}`)).toEqual([
      'flag.unarchive old-banner',
      'flag.config.update new-checkout',
      'flag.update old-banner',
      'flag.archive banner-copy',
      'segment.delete internal',
    ]);
    const before = await h.auditHead();
    const res = await h.run(['apply', '-f', 'prune.json', '--prune']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('archive (--prune: not in the file)');
    expect((await h.auditAfter(before)).map((e) => `${e.action} ${e.flagKey ?? e.targetKey}`)).toEqual(plan.map((c: { op: string; key: string }) => `${c.op} ${c.key}`));
    expect((await h.server.get('/api/v1/flags/banner-copy')).body.archivedAt).not.toBeNull();
    expect((await h.server.get('/api/v1/flags/old-banner')).body.archivedAt).toBeNull();
    expect((await h.server.get('/api/v1/environments/production/segments/internal')).status).toBe(404);
    expect(JSON.parse((await h.run(['apply', '-f', 'prune.json', '--dry-run', '--prune', '--json'])).stdout).changes).toEqual([]);
  });
});

describe('--prune and kills (an apply never undoes an emergency kill)', () => {
  it('refuses to plan archiving a killed flag; with --force and --reason it archives it, audited as forced', async () => {
    expect((await h.server.post('/api/v1/flags', { key: 'doomed', type: 'release', owner: 'team-web' })).status).toBe(201);
    await exportAndEdit('kill.json', (f) => (f.flags = f.flags.filter((x: { key: string }) => x.key !== 'doomed')));
    expect((await h.server.post('/api/v1/flags/doomed/environments/staging/kill', { reason: 'INC-12' })).status).toBe(200);
    const before = await h.auditHead();
    const refused = await h.run(['apply', '-f', 'kill.json', '--prune', '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--prune would archive 1 killed flag');
    expect(refused.stderr).toMatch(/flag doomed: KILLED in staging by .* INC-12/);
    expect((await h.run(['apply', '-f', 'kill.json', '--prune', '--force'])).stderr).toContain('say why with --reason');
    const forced = await h.run(['apply', '-f', 'kill.json', '--prune', '--force', '--reason', 'removed from the code']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('although KILLED (--force)');
    const entries = await h.auditAfter(before);
    expect(entries.map((e) => [e.action, e.flagKey, e.reason])).toEqual([['flag.archive.forced', 'doomed', 'removed from the code']]);
    expect((await h.server.get('/api/v1/flags/doomed')).body.archivedAt).not.toBeNull();
  });
});

describe('the file is checked before anything is sent', () => {
  it('invalid YAML or schema: exit 2, each field with its line, and no request that writes', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    write('bad.yaml', ['environment: production', 'flags:', '  - key: Not A Slug', '    type: release', '    owner: team-a', '    version: 4', '  - key: no-owner', '    type: release', '    config:', '      enabled: yes', '      fallthrough: { variation: 7 }', ''].join('\n'));
    const res = await h.run(['apply', '-f', 'bad.yaml', '--dry-run']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('bad.yaml is not a valid flag file');
    expect(res.stderr).toMatch(/flags\[0\]\.key \(line 3, flag "Not A Slug"\): must be a lower-case slug/);
    expect(res.stderr).toMatch(/flags\[0\]\.version \(line 6, .*\): is server bookkeeping/);
    expect(res.stderr).toMatch(/flags\[1\]\.owner \(line 7, flag "no-owner"\): is required/);
    expect(res.stderr).toMatch(/flags\[1\]\.config\.enabled \(line 10, .*\): .*expected boolean/);
    write('broken.yaml', 'environment: production\nflags:\n  - key: a\n   type: x\n');
    const broken = await h.run(['apply', '-f', 'broken.yaml']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml is not valid YAML or JSON\n {2}line 4: /);
    write('killed.yaml', 'environment: production\nflags:\n  - key: a\n    type: release\n    owner: x\n    config:\n      killed: null\n      fallthrough: { variation: 3 }\n');
    const killed = await h.run(['apply', '-f', 'killed.yaml']);
    expect(killed.code).toBe(2);
    expect(killed.stderr).toMatch(/flags\[0\]\.config\.killed \(line 7, flag "a"\): is not desired state: a kill is an incident action/);
    // The server is only read (to report what does not fit it in the same run), never written.
    expect(spy.mock.calls.map(([, init]) => init?.method ?? 'GET').filter((m) => m !== 'GET')).toEqual([]);
    expect((await h.run(['apply', '-f', 'missing.yaml'])).stderr).toContain('-f missing.yaml: no such file');
  });

  it('text the server would refuse: an unpaired surrogate, a blank owner, NUL — exit 2 naming the field, nothing written', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    // YAML and JSON both carry an unpaired surrogate as an escape; no database could store it as written.
    write('surrogate.yaml', ['environment: production', 'flags:', '  - key: a', '    type: release', '    owner: team-a', '    description: "broken \\ud800 text"', ''].join('\n'));
    const surrogate = await h.run(['apply', '-f', 'surrogate.yaml', '--dry-run']);
    expect(surrogate.code).toBe(2);
    expect(surrogate.stderr).toMatch(/flags\[0\]\.description \(line 6, flag "a"\): must be well-formed Unicode/);
    write('surrogate.json', '{"environment":"production","flags":[{"key":"a","type":"release","owner":"x","tags":["\\udc00"]}]}');
    expect((await h.run(['apply', '-f', 'surrogate.json', '--dry-run'])).stderr).toMatch(/flags\[0\]\.tags\[0\].*: must be well-formed Unicode/);
    write('nul.json', '{"environment":"production","flags":[{"key":"a","type":"release","owner":"x","name":"a\\u0000b"}]}');
    expect((await h.run(['apply', '-f', 'nul.json', '--dry-run'])).stderr).toMatch(/flags\[0\]\.name.*: must not contain NUL/);
    // An owner of spaces, a tab, no-break or zero-width spaces names no one.
    for (const blank of ['"   "', '"\\t"', '"\\u00a0\\u00a0"', '"\\u200b"', '"\\u3000\\u2060"']) {
      write('blank.yaml', ['environment: production', 'flags:', '  - key: a', '    type: release', `    owner: ${blank}`, ''].join('\n'));
      const res = await h.run(['apply', '-f', 'blank.yaml', '--dry-run']);
      expect(res.code, blank).toBe(2);
      expect(res.stderr, blank).toMatch(/flags\[0\]\.owner \(line 5, flag "a"\): is required: every flag has an owner/);
    }
    expect(spy.mock.calls.map(([, init]) => init?.method ?? 'GET').filter((m) => m !== 'GET')).toEqual([]);
  });

  it('reports every mistake of a file in one run, in file order with lines: schema, write-time checks and what does not fit the server', async () => {
    const before = await h.auditHead();
    write('three.yaml', [
      'environment: production',
      'flags:',
      '  - key: one',
      '    type: release',
      '    owner: a',
      '    colour: red',
      '  - key: two',
      '    type: release',
      '    owner: a',
      '    config:',
      '      fallthrough: { variation: 5 }',
      '  - key: three',
      '    type: release',
      '    owner: a',
      '    config:',
      '      rules:',
      '        - clauses: [{ attribute: key, op: segmentMatch, values: [nowhere] }]',
      '          serve: { variation: 1 }',
      '',
    ].join('\n'));
    const res = await h.run(['apply', '-f', 'three.yaml', '--dry-run']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('three.yaml is not a valid flag file: 3 problems, nothing was changed');
    const lines = res.stderr.split('\n').filter((l) => /^\s+flags\[/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/flags\[0\]\.colour \(line 6, flag "one"\): is not a known field/);
    expect(lines[1]).toMatch(/flags\[1\]\.config\.fallthrough\.variation \(line 11, flag "two"\): is variation 5, but the flag has 2 variations/);
    expect(lines[2]).toMatch(/flags\[2\]\.config\.rules\[0\]\.clauses\[0\]\.values\[0\] \(line 17, flag "three"\): names no segment/);
    expect(await h.auditAfter(before)).toEqual([]);
  });

  it('core write-time checks: variation indexes, segment references, migration fields, type changes', async () => {
    write('semantic.yaml', ['environment: production', 'flags:', '  - key: x', '    type: release', '    owner: a', '    config:', '      fallthrough: { variation: 3 }', '  - key: m', '    type: migration', '    owner: a', '    config: { enabled: true }', ''].join('\n'));
    const res = await h.run(['apply', '-f', 'semantic.yaml', '--dry-run']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/flags\[0\]\.config\.fallthrough\.variation \(line 7, flag "x"\): is variation 3, but the flag has 2 variations/);
    expect(res.stderr).toMatch(/flags\[1\]\.config \(line 11, flag "m"\): is managed by the migration stage machine/);

    write('refs.yaml', ['environment: production', 'flags:', '  - key: new-checkout', '    type: ops', '    owner: a', '  - key: y', '    type: release', '    owner: a', '    config:', '      rules:', '        - clauses: [{ attribute: key, op: segmentMatch, values: [nowhere] }]', '          serve: { variation: 1 }', '      prerequisites: [{ flag: ghost, variation: 0 }]', ''].join('\n'));
    const refs = await h.run(['apply', '-f', 'refs.yaml', '--dry-run']);
    expect(refs.code).toBe(2);
    expect(refs.stderr).toContain('does not fit environment "production" on the server; nothing was changed');
    expect(refs.stderr).toMatch(/flags\[0\]\.type \(line 4, flag "new-checkout"\): is "ops" but "new-checkout" is a release flag/);
    expect(refs.stderr).toMatch(/flags\[1\]\.config\.rules\[0\]\.clauses\[0\]\.values\[0\] \(line 11, flag "y"\): names no segment/);
    expect(refs.stderr).toMatch(/flags\[1\]\.config\.prerequisites\[0\]\.flag \(line 13, flag "y"\): names no flag: "ghost"/);
  });

  it('a file the server still refuses (an expiry in the past): exit 1 with the field path', async () => {
    write('past.yaml', 'environment: production\nflags:\n  - key: too-late\n    type: release\n    owner: a\n    expiresAt: "2001-01-01T00:00:00Z"\n');
    const res = await h.run(['apply', '-f', 'past.yaml']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('VALIDATION_FAILED (400)');
    expect(res.stderr).toContain('body.changes[0].expiresAt: must be in the future');
  });

  it('usage: -f or --plan, --plan-out needs --dry-run', async () => {
    expect((await h.run(['apply'])).code).toBe(2);
    expect((await h.run(['apply', '-f', 'a.yaml', '--plan', 'b.json'])).code).toBe(2);
    expect((await h.run(['apply', '-f', 'a.yaml', '--plan-out', 'p.json'])).stderr).toContain('add --dry-run');
    write('notaplan.json', '{"format":"something-else"}');
    expect((await h.run(['apply', '--plan', 'notaplan.json'])).stderr).toContain('is not a saved plan');
  });
});
