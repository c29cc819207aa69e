import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { parseInput } from '../../errors/parse-input';
import { KeyedRateLimiter } from '../../http/rate-limiter';
import type { StreamHub } from '../streaming/stream-hub';
import { SIGNATURE_HEADER } from '../webhooks/signature';
import { TRIGGER_BODY_LIMIT, triggerTokenParams, type TriggerResult } from '@switchyard/api';
import type { TriggerService } from './trigger-service';

export interface TriggerCallOptions {
  /** Calls per trigger per minute, per replica (0: no limit). */
  callsPerMinute: number;
  /** How long a call waits for the change to land on the connected SDKs before answering. */
  landedWaitMs: number;
}

export const DEFAULT_TRIGGER_CALL_OPTIONS: TriggerCallOptions = { callsPerMinute: 60, landedWaitMs: 2_000 };

/**
 * `POST /hooks/v1/triggers/:token`: what alerting tools call. No admin token: the URL's token is the
 * credential (and, for a signed trigger, the signature). The body is opaque — any content type, JSON
 * kept as JSON, anything else as text — and recorded with the change in the audit entry.
 */
export async function registerTriggerCallRoutes(app: FastifyInstance, deps: { triggers: TriggerService; hub: StreamHub; options: TriggerCallOptions; onLimited?: () => void }): Promise<void> {
  const { triggers, hub, options } = deps;
  const limiter = options.callsPerMinute > 0 ? new KeyedRateLimiter(options.callsPerMinute) : undefined;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: TRIGGER_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post('/hooks/v1/triggers/:token', { bodyLimit: TRIGGER_BODY_LIMIT }, async (req, reply): Promise<TriggerResult> => {
      const { token } = parseInput(triggerTokenParams, req.params, 'params');
      const raw = typeof req.body === 'string' ? req.body : '';
      const header = req.headers[SIGNATURE_HEADER];
      const trigger = await triggers.authenticate(token, raw, Array.isArray(header) ? header[0] : header);
      if (limiter) {
        const r = limiter.take(trigger.id);
        if (!r.ok) {
          deps.onLimited?.();
          reply.header('retry-after', String(r.retryAfterSeconds));
          throw new AppError('RATE_LIMITED', `Trigger "${trigger.id}" was called more than ${options.callsPerMinute} times in a minute. Retry in ${r.retryAfterSeconds} s.`, {
            limit: 'trigger',
            retryAfterSeconds: r.retryAfterSeconds,
          });
        }
      }
      const { auditSeq, version } = await triggers.fire(trigger, payloadOf(raw));
      reply.header('cache-control', 'no-store');
      return { auditSeq, version, landed: await landed(hub, trigger.envKey, version, options.landedWaitMs) };
    });
  });
}

/** The body as recorded: JSON when it parses, else the text, else nothing. */
function payloadOf(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Waits (at most `waitMs`) until every SDK connection of this replica has applied `version`; then says how many have. */
async function landed(hub: StreamHub, envKey: string, version: number, waitMs: number): Promise<{ n: number; of: number }> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const d = hub.delivery(envKey, version);
    if (d.applied >= d.total || Date.now() >= deadline) return { n: d.applied, of: d.total };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
