import { negotiateCoding, type ContentCoding } from './content-encoding';
import type { CachedRuleSet } from './rule-set-cache';

const STALE_NOTE = 'database unreachable: last known rules';

/** What `GET /sdk/v1/flags` answers: the same for the route and the fast lane. */
export interface RuleSetAnswer {
  status: 200 | 304;
  headers: Record<string, string | number>;
  /** The body of a 200, in the coding its headers name. */
  body?: Buffer;
}

interface CodedAnswers {
  notModified: RuleSetAnswer;
  full?: RuleSetAnswer;
}

const built = new WeakMap<CachedRuleSet, Map<ContentCoding, CodedAnswers>>();

/**
 * The entity tag of one coding of a version: a compressed body is another representation, so it
 * gets its own strong tag (RFC 9110 §8.8.3), the identity tag with the coding appended.
 */
export function etagOf(ruleSet: CachedRuleSet, coding: ContentCoding): string {
  return coding === 'identity' ? ruleSet.etag : `${ruleSet.etag.slice(0, -1)}-${coding}"`;
}

/**
 * Whether `If-None-Match` names this version in any coding (weak comparison, as RFC 9110 §13.1.2
 * asks for GET): an SDK that switched codings still gets a 304 for the version it holds.
 */
function matches(ruleSet: CachedRuleSet, header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  if (header === ruleSet.etag) return true; // the common case: the identity tag, as sent
  for (const raw of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (tag === '*' || tag === ruleSet.etag || tag === etagOf(ruleSet, 'br') || tag === etagOf(ruleSet, 'gzip')) return true;
  }
  return false;
}

function answersOf(ruleSet: CachedRuleSet, coding: ContentCoding): CodedAnswers {
  let byCoding = built.get(ruleSet);
  if (!byCoding) built.set(ruleSet, (byCoding = new Map()));
  let answers = byCoding.get(coding);
  if (!answers) {
    const headers: Record<string, string> = { etag: etagOf(ruleSet, coding), 'cache-control': 'no-cache', vary: 'Accept-Encoding' };
    if (ruleSet.stale) headers['x-switchyard-stale'] = STALE_NOTE;
    byCoding.set(coding, (answers = { notModified: { status: 304, headers } }));
  }
  return answers;
}

function full(_ruleSet: CachedRuleSet, coding: ContentCoding, answers: CodedAnswers, body: Buffer): RuleSetAnswer {
  const headers: Record<string, string | number> = { ...answers.notModified.headers, 'content-type': 'application/json', 'content-length': body.length };
  if (coding !== 'identity') headers['content-encoding'] = coding;
  return (answers.full = { status: 200, headers, body });
}

/**
 * The answer to one request for a cached rule set: 304 when `If-None-Match` names its version, else
 * the body in the best coding `Accept-Encoding` allows (compressed once per version, then served
 * from memory). Synchronous once that coding's body exists; headers are built once per coding.
 */
export function answerRuleSet(ruleSet: CachedRuleSet, ifNoneMatch: string | string[] | undefined, acceptEncoding: string | string[] | undefined): RuleSetAnswer | Promise<RuleSetAnswer> {
  const coding = ruleSet.bodies.codingFor(negotiateCoding(acceptEncoding));
  const answers = answersOf(ruleSet, coding);
  if (matches(ruleSet, ifNoneMatch)) return answers.notModified;
  if (answers.full) return answers.full;
  const body = ruleSet.bodies.body(coding);
  return body instanceof Promise ? body.then((b) => full(ruleSet, coding, answers, b)) : full(ruleSet, coding, answers, body);
}
