import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../../db/stores';
import { bearerOf, findLiveKeyNow } from '../auth/authenticate';
import type { CachedRuleSet, RuleSetCache } from './rule-set-cache';
import { ruleSetHeaders } from './rule-set-headers';

/**
 * Answers the warm case of `GET /sdk/v1/flags` before Fastify routes the request: exactly that
 * path (no query string), a server key whose record the key cache holds fresh, and an environment
 * whose rule set is known current in memory. Everything else — a miss, a refresh due, any error,
 * the server closing — returns false and goes through Fastify's route, which gives the same answer
 * the slow way (tested: same status, headers and body).
 *
 * Why: polling SDKs hit this endpoint more than anything else, and once the database reads are
 * gone, Fastify's fixed per-request work (routing, hooks, reply) was half the cost of a 304.
 * What it gives up on these hits: Fastify's request logging and request id.
 */
export function createSdkFastLane(deps: { db: Database; ruleSets: RuleSetCache }) {
  let open = true;
  let hits = 0;

  function ruleSetFor(req: IncomingMessage): CachedRuleSet | undefined {
    // The route's own key check: synchronous only when the key cache holds the record fresh. A
    // promise (a database read, which the route then shares) or no live key: the route answers.
    const key = findLiveKeyNow(deps.db, bearerOf(req), 'server');
    if (key instanceof Promise) return void key.catch(() => undefined); // its failure is the route's to report
    if (key === undefined || key.envKey === null) return undefined;
    const ruleSet = deps.ruleSets.current(key.envKey);
    return ruleSet instanceof Promise ? (ruleSet.catch(() => undefined), undefined) : ruleSet;
  }

  return {
    /** Answers the request when it is the warm case; returns whether it did. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (!open || req.method !== 'GET' || req.url !== '/sdk/v1/flags') return false;
      const ruleSet = ruleSetFor(req);
      if (!ruleSet) return false;
      const h = ruleSetHeaders(ruleSet);
      if (req.headers['if-none-match'] === ruleSet.etag) {
        res.writeHead(304, h.notModified);
        res.end();
      } else {
        res.writeHead(200, h.full);
        res.end(ruleSet.body);
      }
      hits++;
      return true;
    },
    /** Requests answered here so far. */
    get hits(): number {
      return hits;
    },
    /** From now on every request goes through Fastify (which answers 503 while closing). */
    close(): void {
      open = false;
    },
  };
}

export type SdkFastLane = ReturnType<typeof createSdkFastLane>;
