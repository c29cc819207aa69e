import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let h: CliHarness;
beforeAll(async () => {
  h = await startCliHarness();
});
afterAll(async () => {
  // Whatever ran, the admin token never reached stdout or stderr.
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});

describe('switchyard flags', () => {
  it('creates a flag, lists it and shows it; --json gives the API answer', async () => {
    const created = await h.run(['flags', 'create', 'new-checkout', '--type', 'release', '--owner', 'team-payments', '--tags', 'checkout, web', '--expires', '2099-01-31']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Created flag "new-checkout" (release, owner team-payments, expires 2099-01-31)');

    const list = await h.run(['flags', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^KEY\s+TYPE\s+OWNER\s+TAGS\s+EXPIRES\s+DEVELOPMENT\s+PRODUCTION\s+STAGING$/m);
    expect(list.stdout).toMatch(/^new-checkout\s+release\s+team-payments\s+checkout,web\s+2099-01-31\s+off\s+off\s+off$/m);

    const json = await h.run(['flags', 'list', '--owner', 'team-payments', '--json']);
    expect(JSON.parse(json.stdout).items.map((f: { key: string }) => f.key)).toEqual(['new-checkout']);
    expect(JSON.parse((await h.run(['flags', 'list', '--owner', 'nobody', '--json'])).stdout)).toEqual({ items: [] });

    const get = await h.run(['flags', 'get', 'new-checkout']);
    expect(get.code).toBe(0);
    expect(get.stdout).toContain('owner:       team-payments');
    // The flag's own revision (1: new), then the environment version SDKs track.
    expect(get.stdout).toMatch(/REVISION\s+ENV VERSION$/m);
    expect(get.stdout).toMatch(/^production\s+off\s+0\s+0\s+on\s+0\s+1\s+\d+$/m);
    const getJson = JSON.parse((await h.run(['flags', 'get', 'new-checkout', '--json'])).stdout);
    expect(getJson).toMatchObject({ key: 'new-checkout', environments: { production: { enabled: false } } });
  });

  it('filters by type and stale', async () => {
    await h.run(['flags', 'create', 'ops-valve', '--type', 'ops', '--owner', 'team-sre', '--expires', 'never']);
    const ops = JSON.parse((await h.run(['flags', 'list', '--type', 'ops', '--json'])).stdout);
    expect(ops.items.map((f: { key: string; expiresAt: string | null }) => [f.key, f.expiresAt])).toEqual([['ops-valve', null]]);
    expect(JSON.parse((await h.run(['flags', 'list', '--stale', '--json'])).stdout).items).toEqual([]);
  });

  it('shows a migration flag by its stage (what SDKs are served), not its always-on switch', async () => {
    await h.run(['flags', 'create', 'orders-store', '--type', 'migration', '--owner', 'team-data']);
    const list = await h.run(['flags', 'list', '--type', 'migration']);
    expect(list.stdout).toMatch(/^orders-store\s+migration\s+team-data\s+-\s+\S+\s+stage off\s+stage off\s+stage off$/m);
    const moved = await h.run(['migration', 'move', 'orders-store', '--env', 'staging', '--to', 'dualwrite', '--reason', 'start']);
    expect(moved.code, moved.stderr).toBe(0);
    expect((await h.run(['flags', 'get', 'orders-store'])).stdout).toMatch(/^staging\s+stage dualwrite\s/m);
  });

  it('toggles with the version it read, and says so when there is nothing to change', async () => {
    await h.run(['flags', 'create', 'toggled', '--type', 'release', '--owner', 'team-a']);
    const on = await h.run(['flags', 'toggle', 'toggled', '--env', 'production', '--on', '--reason', 'launch']);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/Turned "toggled" on in production \(version \d+\)\./);
    const again = await h.run(['flags', 'toggle', 'toggled', '--env', 'production', '--on']);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('already on in production; nothing changed');
    const entries = (await h.auditAfter(0)).filter((e) => e.flagKey === 'toggled');
    expect(entries.map((e) => [e.action, e.envKey, e.reason])).toEqual([
      ['flag.create', null, null],
      ['flag.enable', 'production', 'launch'],
    ]);
  });

  it('kills and restores with a reason; a second kill or restore changes nothing and says who killed it', async () => {
    await h.run(['flags', 'create', 'risky', '--type', 'release', '--owner', 'team-a']);
    const kill = await h.run(['flags', 'kill', 'risky', '--env', 'production', '--reason', 'INC-311: payment errors']);
    expect(kill.code).toBe(0);
    expect(kill.stdout).toContain('Killed "risky" in production');
    const head = await h.auditHead();
    const again = await h.run(['flags', 'kill', 'risky', '--env', 'production', '--reason', 'again']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/"risky" is already killed in production \(by bootstrap at .*: INC-311: payment errors\); nothing changed\./);
    expect(JSON.parse((await h.run(['flags', 'kill', 'risky', '--env', 'production', '--reason', 'again', '--json'])).stdout)).toMatchObject({ changed: false });
    expect(await h.auditAfter(head)).toEqual([]);
    const restore = await h.run(['flags', 'restore', 'risky', '--env', 'production', '--reason', 'fixed']);
    expect(restore.code).toBe(0);
    const notKilled = await h.run(['flags', 'restore', 'risky', '--env', 'production', '--reason', 'again']);
    expect(notKilled).toMatchObject({ code: 0, stdout: '"risky" is not killed in production; nothing changed.\n' });
  });

  it('a responder token may kill but not create: FORBIDDEN names the role', async () => {
    const res = await h.run(['flags', 'create', 'nope', '--type', 'release', '--owner', 'x'], { token: h.server.tokens.responder });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error: FORBIDDEN (403)');
    expect(res.stderr).toContain("your token's role: responder");
    expect((await h.run(['flags', 'kill', 'new-checkout', '--env', 'staging', '--reason', 'drill'], { token: h.server.tokens.responder })).code).toBe(0);
  });

  it('prints the server refusal with each field path, exit 1', async () => {
    const dup = await h.run(['flags', 'create', 'new-checkout', '--type', 'release', '--owner', 'team-payments']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('error: ALREADY_EXISTS (409)');
    const invalid = await h.run(['flags', 'create', 'Bad_Key', '--type', 'release', '--owner', 'x']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('error: VALIDATION_FAILED (400)');
    expect(invalid.stderr).toMatch(/^ {2}body\.key: must be a lower-case slug/m);
    const missing = await h.run(['flags', 'get', 'no-such-flag']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FLAG_NOT_FOUND (404)');
    const past = await h.run(['flags', 'toggle', 'new-checkout', '--env', 'nowhere', '--on']);
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('ENVIRONMENT_NOT_FOUND (404)');
    const json = await h.run(['flags', 'get', 'no-such-flag', '--json']);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { status: 404, code: 'FLAG_NOT_FOUND' } });
  });

  it('usage errors exit 2 without a request', async () => {
    const cases: [string[], RegExp][] = [
      [['flags', 'create', 'x', '--type', 'release'], /--owner is required/],
      [['flags', 'create', 'x', '--type', 'rocket', '--owner', 'a'], /--type must be one of release, experiment/],
      [['flags', 'toggle', 'x', '--env', 'production'], /exactly one of --on or --off/],
      [['flags', 'kill', 'x', '--env', 'production'], /--reason is required/],
      [['flags', 'get'], /missing KEY/],
      [['flags', 'get', 'a', 'b'], /unexpected argument "b"/],
      [['flags', 'list', '--colour'], /Unknown option '--colour'/],
      [['flags', 'fly'], /unknown command "flags fly"/],
      [['launch'], /unknown command "launch"/],
      [['flags', 'create', 'x', '--type', 'release', '--owner', 'a', '--expires', 'soonish'], /--expires must be a date/],
    ];
    for (const [argv, message] of cases) {
      const res = await h.run(argv);
      expect(res.code, argv.join(' ')).toBe(2);
      expect(res.stderr, argv.join(' ')).toMatch(message);
      expect(res.stdout).toBe('');
    }
  });

  it('help for everything, exit 0', async () => {
    const main = await h.run(['--help'], { token: null });
    expect(main.code).toBe(0);
    for (const cmd of ['flags list', 'audit tail', 'migration move', 'keys create', 'export', 'apply']) expect(main.stdout).toContain(cmd);
    const one = await h.run(['apply', '--help']);
    expect(one.stdout).toContain('usage: switchyard apply [options]');
    expect(one.stdout).toContain('--dry-run');
    const group = await h.run(['flags']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('"flags" needs a command');
    expect(group.stderr).toContain('flags toggle KEY');
    expect((await h.run(['help', 'flags'])).stdout).toContain('flags toggle KEY');
  });
});

describe('configuration', () => {
  it('no token: a usage error naming SWITCHYARD_TOKEN', async () => {
    const res = await h.run(['flags', 'list'], { token: null });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('set SWITCHYARD_TOKEN');
  });

  it('a wrong token is refused (exit 1) and never printed, from the variable or --token', async () => {
    const secret = 'sya_wrong_secret_0123456789';
    const viaEnv = await h.run(['flags', 'list'], { token: secret });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toContain('UNAUTHENTICATED (401)');
    const viaArg = await h.run(['flags', 'list', '--token', secret, '--json'], { token: null });
    expect(viaArg.code).toBe(1);
    for (const r of [viaEnv, viaArg]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('refuses a URL that carries credentials, a query or a fragment (exit 2), without echoing it', async () => {
    const port = new URL(h.server.baseUrl).port;
    for (const url of [`http://admin:${h.server.tokens.admin}@127.0.0.1:${port}`, `${h.server.baseUrl}/?token=${h.server.tokens.admin}`, `${h.server.baseUrl}#x`]) {
      const res = await h.run(['flags', 'list', '--url', url]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('never in a URL');
    }
    expect((await h.run(['flags', 'list', '--url', 'ftp://x'])).code).toBe(2);
  });

  it('an unreachable server exits 3', async () => {
    const res = await h.run(['flags', 'list'], { env: { SWITCHYARD_URL: 'http://127.0.0.1:9' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('Cannot reach the Switchyard server at http://127.0.0.1:9');
    const json = await h.run(['audit', 'verify', '--json', '--url', 'http://127.0.0.1:9']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'UNREACHABLE' } });
  });
});
