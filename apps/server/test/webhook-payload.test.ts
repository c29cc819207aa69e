import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/db/records';
import { signatureHeader, signatureProblem } from '../src/features/webhooks/signature';
import { webhookBody } from '../src/features/webhooks/webhook-payload';

const entry: AuditRecord = {
  seq: 42,
  at: '2026-12-07T10:00:00.000Z',
  actor: 'trigger:trg_abc',
  actorKeyId: null,
  action: 'flag.kill',
  resource: 'flag-config',
  flagKey: 'checkout',
  envKey: 'production',
  targetKey: null,
  before: '{"killed":null}',
  after: '{"killed":{"reason":"x"}}',
  reason: '5xx <spike> & more',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('webhook bodies', () => {
  it('json: the entry exactly as stored, before/after as their hashed text', () => {
    expect(JSON.parse(webhookBody('json', entry))).toEqual(entry);
  });

  it('slack: one incoming-webhook line, Slack control characters escaped', () => {
    expect(JSON.parse(webhookBody('slack', entry))).toEqual({ text: '*trigger:trg_abc* — `flag.kill` flag `checkout` in `production`: 5xx &lt;spike&gt; &amp; more (audit #42)' });
    const key = { ...entry, action: 'key.create', resource: 'key', flagKey: null, envKey: null, targetKey: 'key_1', reason: null };
    expect(JSON.parse(webhookBody('slack', key)).text).toBe('*trigger:trg_abc* — `key.create` `key_1` (audit #42)');
  });
});

describe('X-Switchyard-Signature', () => {
  it('verifies what it signs, within the tolerance, and nothing else', () => {
    const header = signatureHeader('s3cret', '{"a":1}', 1_000_000);
    expect(signatureProblem('s3cret', '{"a":1}', header, 1_000_100)).toBeUndefined();
    expect(signatureProblem('s3cret', '{"a":2}', header, 1_000_100)).toBe('the signature does not match the body');
    expect(signatureProblem('other', '{"a":1}', header, 1_000_100)).toBe('the signature does not match the body');
    expect(signatureProblem('s3cret', '{"a":1}', header, 1_000_301)).toMatch(/more than 300 s/);
    expect(signatureProblem('s3cret', '{"a":1}', undefined, 1_000_000)).toMatch(/missing/);
    expect(signatureProblem('s3cret', '{"a":1}', 'v1=abc', 1_000_000)).toMatch(/no timestamp/);
    // A second v1 (a rotated secret's, as some senders send both) is accepted when one matches.
    expect(signatureProblem('s3cret', '{"a":1}', `t=1000000,v1=${'0'.repeat(64)},${header.split(',')[1]}`, 1_000_000)).toBeUndefined();
  });
});
