import type { CachedRuleSet } from './rule-set-cache';

const STALE_NOTE = 'database unreachable: last known rules';

interface RuleSetHeaders {
  /** For a 304. */
  notModified: Record<string, string>;
  /** For a 200 with the body (its length included). */
  full: Record<string, string | number>;
}

const built = new WeakMap<CachedRuleSet, RuleSetHeaders>();

/** The response headers of one cached rule set (304, 200), built once per rule set, not per request. */
export function ruleSetHeaders(ruleSet: CachedRuleSet): RuleSetHeaders {
  let h = built.get(ruleSet);
  if (!h) {
    const notModified: Record<string, string> = { etag: ruleSet.etag, 'cache-control': 'no-cache' };
    if (ruleSet.stale) notModified['x-switchyard-stale'] = STALE_NOTE;
    h = { notModified, full: { ...notModified, 'content-type': 'application/json', 'content-length': ruleSet.body.length } };
    built.set(ruleSet, h);
  }
  return h;
}
