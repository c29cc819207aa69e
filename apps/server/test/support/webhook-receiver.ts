import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditHashInput, GENESIS_HASH } from '@switchyard/core';

export interface Received {
  webhook: string;
  seq: number;
  attempt: number;
  signature: string;
  body: string;
  /** The status this receiver answered. */
  answered: number;
}

/**
 * A webhook receiver on a real port: records every request and answers what `answer` says (200 by
 * default). `waitFor` resolves once a condition on what arrived holds.
 */
export async function startWebhookReceiver(answer: (r: Omit<Received, 'answered'>, index: number) => number = () => 200) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        webhook: String(req.headers['x-switchyard-webhook']),
        seq: Number(req.headers['x-switchyard-seq']),
        attempt: Number(req.headers['x-switchyard-attempt']),
        signature: String(req.headers['x-switchyard-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const status = answer(r, received.length);
      received.push({ ...r, answered: status });
      res.writeHead(status).end();
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    /** Resolves when `cond` holds for what arrived (checked on every arrival), or rejects after `timeoutMs`. */
    waitFor(cond: (received: Received[]) => boolean, timeoutMs = 20_000): Promise<void> {
      if (cond(received)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!cond(received)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`webhook receiver: condition not met within ${timeoutMs} ms (${received.length} requests)`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Whether a delivery's signature is valid for `secret` (as docs/integrations.md's receiver checks it). */
export function validSignature(secret: string, r: Pick<Received, 'signature' | 'body'>): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

/**
 * Checks deliveries of an unfiltered subscription as a receiver would: each body's hash is its
 * content's, and each entry chains to the one before (the first to `firstPrevHash`). Returns the problems.
 */
export function chainProblems(bodies: readonly string[], firstPrevHash = GENESIS_HASH): string[] {
  const problems: string[] = [];
  let prev = firstPrevHash;
  for (const body of bodies) {
    const { hash, ...entry } = JSON.parse(body);
    if (createHash('sha256').update(auditHashInput(entry)).digest('hex') !== hash) problems.push(`entry ${entry.seq}: hash does not match its content`);
    if (entry.prevHash !== prev) problems.push(`entry ${entry.seq}: does not chain to the entry before it`);
    prev = hash;
  }
  return problems;
}
