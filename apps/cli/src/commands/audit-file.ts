import { auditHashInput, ChainWalker, checkpointMessage, type AuditEntryRecord, type CheckedCheckpoint, type SignatureCheck } from '@switchyard/core';
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { UsageError } from '../errors';
import type { VerifyResult } from '../http/api-types';

/**
 * Checks an audit export (`GET /api/v1/audit/export`, NDJSON) away from the server, with core's walk:
 * each entry's content against its hash, each entry's link to the one before, and — given the public
 * keys (`ed25519:…`) kept elsewhere — each checkpoint's signature and the entry it covers.
 */
export function verifyExport(text: string, fileName: string, publicKeys: readonly string[]): { result: VerifyResult; exported: VerifyResult | undefined } {
  const entries: (AuditEntryRecord & { redacted?: boolean })[] = [];
  const checkpoints: { seq: number; hash: string; at: string; keyId: string; signature: string }[] = [];
  let exported: VerifyResult | undefined;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    // biome-ignore lint/suspicious/noExplicitAny: an untrusted JSON line, narrowed field by field below
    let value: any;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${fileName} is not an audit export`, [{ path: `line ${i + 1}`, message: 'is not JSON' }]);
    }
    if (value?.checkpoint) checkpoints.push(value.checkpoint);
    else if (value?.verification) exported = value.verification;
    else if (Number.isSafeInteger(value?.seq) && typeof value?.hash === 'string') entries.push(storedForm(value));
    else throw new UsageError(`${fileName} is not an audit export`, [{ path: `line ${i + 1}`, message: 'is neither an entry, a checkpoint nor the verdict' }]);
  });
  const keys = new Map(publicKeys.map((k) => parsePublicKey(k)));
  const checked: CheckedCheckpoint[] = keys.size === 0 ? [] : checkpoints.map((c) => ({ ...c, signature: check(keys, c) }));
  const walker = new ChainWalker(checked, (e) => contentHolds(e as AuditEntryRecord & { redacted?: boolean }));
  for (const e of entries) walker.add(e);
  walker.finish();
  const newest = walker.newestAnchor;
  return {
    result: {
      ok: walker.breakCount === 0,
      entries: walker.entries,
      breaks: walker.breaks,
      breakCount: walker.breakCount,
      checkpoints: { signing: keys.size > 0, publicKey: publicKeys[0] ?? null, checked: checked.length, newest: newest ? { seq: newest.seq, at: newest.at } : null, unanchored: walker.entries - walker.anchoredEntries },
    },
    exported,
  };
}

/** An export line's entry as stored: `before`/`after` back to JSON text (an ambiguous null is resolved when hashing). */
function storedForm(line: Record<string, unknown>): AuditEntryRecord & { redacted?: boolean } {
  const text = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return { ...(line as unknown as AuditEntryRecord), before: text(line.before), after: text(line.after), redacted: line.redacted === true };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Whether the entry's content hashes to its hash. A redacted entry's content is not in the export:
 * only its links are checked. A null `before`/`after` was stored either as SQL NULL or as the JSON
 * text `null`; both are tried.
 */
function contentHolds(e: AuditEntryRecord & { redacted?: boolean }): boolean {
  if (e.redacted) return true;
  const options = (v: string | null) => (v === null ? [null, 'null'] : [v]);
  for (const before of options(e.before)) for (const after of options(e.after)) if (sha256(auditHashInput({ ...e, before, after })) === e.hash) return true;
  return false;
}

function check(keys: Map<string, KeyObject>, c: { seq: number; hash: string; at: string; keyId: string; signature: string }): SignatureCheck {
  const key = keys.get(c.keyId);
  if (!key) return 'unknown-key';
  try {
    return verify(null, Buffer.from(checkpointMessage(c), 'utf8'), key, Buffer.from(c.signature, 'base64url')) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** `ed25519:<32 bytes, base64url>` → [key id, key]; the id as the server makes it (first 16 hex of SHA-256 of the raw key). */
function parsePublicKey(text: string): [string, KeyObject] {
  const raw = text.startsWith('ed25519:') ? Buffer.from(text.slice('ed25519:'.length), 'base64url') : Buffer.alloc(0);
  if (raw.length !== 32) throw new UsageError(`--public-key ${text}: not an Ed25519 public key (write it as the server prints it: ed25519:<43 characters>)`);
  return [createHash('sha256').update(raw).digest('hex').slice(0, 16), createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })];
}
