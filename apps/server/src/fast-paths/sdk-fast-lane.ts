import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerOf } from '../features/auth/authenticate';
import type { SdkAuthenticator } from '../features/auth/authenticate-sdk';
import type { RuleSetCache } from '../features/sdk/rule-set-cache';
import { answerRuleSet, type RuleSetAnswer } from '../features/sdk/rule-set-headers';

/**
 * Answers the warm case of `GET /sdk/v1/flags` before Fastify routes the request: exactly that
 * path (no query string), a server key whose record the key cache holds fresh, an environment
 * whose rule set is known current in memory, and a body already made in the coding asked for.
 * Everything else — a miss, a refresh due, a first compression, any error, the server closing —
 * returns false and goes through Fastify's route, which gives the same answer the slow way
 * (`answerRuleSet` is shared; test/sdk-fast-lane.test.ts checks status, headers and body).
 *
 * Why: polling SDKs hit this endpoint more than anything else, and once the database reads are
 * gone, Fastify's fixed per-request work (routing, hooks, reply) was half the cost of a 304
 * (see fast-paths/README.md for today's figure). What it gives up on these hits: Fastify's
 * request logging and request id.
 */
export function createSdkFastLane(deps: { authenticateSdk: SdkAuthenticator; ruleSets: RuleSetCache }) {
  let open = true;

  function answerFor(req: IncomingMessage): RuleSetAnswer | undefined {
    // The route's own key check: synchronous only when the key cache holds the record fresh. A
    // promise (a database read, which the route then shares) or no live key: the route answers.
    const auth = deps.authenticateSdk(bearerOf(req), 'server');
    if (auth instanceof Promise) return void auth.catch(() => undefined); // its failure is the route's to report
    if (auth.key === undefined) return undefined;
    const ruleSet = deps.ruleSets.current(auth.key.envKey);
    if (ruleSet instanceof Promise) return void ruleSet.catch(() => undefined);
    const answer = answerRuleSet(ruleSet, req.headers['if-none-match'], req.headers['accept-encoding']);
    return answer instanceof Promise ? void answer.catch(() => undefined) : answer;
  }

  return {
    /** Answers the request when it is the warm case; returns whether it did. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (!open || req.method !== 'GET' || req.url !== '/sdk/v1/flags') return false;
      const answer = answerFor(req);
      if (!answer) return false;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return true;
    },
    /** From now on every request goes through Fastify (which answers 503 while closing). */
    close(): void {
      open = false;
    },
  };
}

export type SdkFastLane = ReturnType<typeof createSdkFastLane>;
