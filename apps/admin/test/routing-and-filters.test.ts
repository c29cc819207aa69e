import { describe, expect, it } from 'vitest';
import type { FlagView } from '../src/api/types';
import { matchRoute, parseHash, withQuery } from '../src/app/route-match';
import { auditFiltersFromQuery, localToIso, toAuditQuery } from '../src/features/audit/audit-query';
import { filtersFromQuery, filtersToQuery, toApiQuery } from '../src/features/flags/flag-list-query';
import { envState } from '../src/features/flags/flag-state';
import { incidentFlags, killedPairs, restoredBetween } from '../src/features/incident/incident-flags';

describe('hash routes', () => {
  it('parses paths and queries', () => {
    expect(parseHash('')).toMatchObject({ path: '/' });
    const l = parseHash('#/flags/new-checkout/?tab=production');
    expect(l.path).toBe('/flags/new-checkout');
    expect(l.query.get('tab')).toBe('production');
  });

  it('matches parameters', () => {
    expect(matchRoute('/flags/:key', '/flags/a.b_c')).toEqual({ key: 'a.b_c' });
    expect(matchRoute('/flags/:key', '/flags')).toBeNull();
    expect(matchRoute('/flags/:key', '/flags/a/b')).toBeNull();
    expect(matchRoute('/flags/:key', '/flags/%E0%A4%A')).toBeNull();
  });

  it('builds links without empty query values', () => {
    expect(withQuery('/audit', { flag: 'x', actor: '', env: undefined })).toBe('/audit?flag=x');
  });
});

describe('flag list filters', () => {
  it('map to the API query', () => {
    const f = filtersFromQuery(new URLSearchParams('q=check&type=release&state=on&env=staging&expiry=expired'), 'production');
    expect(toApiQuery(f)).toEqual({ q: 'check', type: 'release', stale: true, archived: false, environment: 'staging', killed: false, enabled: true });
    expect(toApiQuery({ ...f, state: 'killed' })).toMatchObject({ environment: 'staging', killed: true });
    expect(toApiQuery({ ...f, state: 'off' })).toMatchObject({ killed: false, enabled: false });
  });

  it('ignore unknown values and round-trip through the address', () => {
    const f = filtersFromQuery(new URLSearchParams('type=bogus&state=maybe&archived=1'), 'production');
    expect(f).toMatchObject({ type: '', state: '', archived: true, environment: 'production' });
    expect(filtersToQuery(f, 'production')).toMatchObject({ archived: '1', env: undefined, type: undefined });
  });
});

describe('audit filters', () => {
  it('send local times as ISO instants', () => {
    const f = auditFiltersFromQuery(new URLSearchParams('flag=x&since=2025-01-02T03:04&action=flag.kill'));
    const q = toAuditQuery(f, 77);
    expect(q).toMatchObject({ flag: 'x', action: 'flag.kill', before: 77, limit: 50 });
    expect(q.since).toBe(new Date('2025-01-02T03:04').toISOString());
    expect(localToIso('nonsense')).toBeUndefined();
  });
});

const flag = (key: string, type: FlagView['type'], killed: boolean[]): FlagView => ({
  key,
  name: key,
  description: '',
  type,
  owner: 'o',
  tags: [],
  createdAt: '2025-01-01T00:00:00Z',
  expiresAt: null,
  variationType: 'boolean',
  variations: [{ name: 'off', value: false }],
  offVariation: 0,
  clientSide: false,
  archivedAt: null,
  version: 1,
  updatedAt: '2025-01-01T00:00:00Z',
  environments: Object.fromEntries(
    killed.map((k, i) => [
      `e${i}`,
      { enabled: true, killed: k ? { by: 'x', at: `2025-01-0${i + 1}T00:00:00Z`, reason: 'r' } : null, targets: [], rules: [], fallthrough: { variation: 0 }, prerequisites: [], version: 1, updatedAt: '', revision: 1 },
    ]),
  ),
});

describe('incident view', () => {
  it('lists kill switches, ops flags, migrations and anything killed, killed first', () => {
    const flags = [flag('mig', 'migration', [false]), flag('rel', 'release', [false]), flag('ops-a', 'ops', [false]), flag('ks', 'kill-switch', [false]), flag('rel-killed', 'release', [false, true])];
    expect(incidentFlags(flags).map((f) => f.key)).toEqual(['rel-killed', 'ks', 'ops-a', 'mig']);
    expect(incidentFlags(flags, 'OPS').map((f) => f.key)).toEqual(['ops-a']);
    expect(killedPairs(flags)).toBe(1);
  });

  it('searches every live flag, release flags included; keeps restored flags, after the killed ones', () => {
    const flags = [flag('rel', 'release', [false]), flag('ks', 'kill-switch', [false]), flag('rel-restored', 'release', [false]), flag('rel-killed', 'release', [false, true])];
    expect(incidentFlags(flags, 'rel').map((f) => f.key)).toEqual(['rel-killed', 'rel', 'rel-restored']);
    expect(incidentFlags(flags, '', new Set(['rel-restored'])).map((f) => f.key)).toEqual(['rel-killed', 'rel-restored', 'ks']);
    const before = [flag('a', 'release', [true]), flag('b', 'release', [true])];
    const after = [flag('a', 'release', [false]), flag('b', 'release', [true])];
    expect(restoredBetween(before, after)).toEqual(['a']);
  });

  it('names each state', () => {
    expect(envState(undefined)).toBe('missing');
    expect(envState({ enabled: true, killed: { by: 'a', at: 'b', reason: 'c' } })).toBe('killed');
    expect(envState({ enabled: false, killed: null })).toBe('off');
  });
});
