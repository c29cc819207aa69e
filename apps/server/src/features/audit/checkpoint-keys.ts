import type { SignatureCheck } from '@switchyard/core';
import * as crypto from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The keys of audit checkpoints (see audit-checkpoints.ts): an Ed25519 private key that signs, kept
 * in a file outside the database, and the public keys whose signatures verify (the signing key's
 * own, plus retired keys after a rotation). A public key is written `ed25519:<32 bytes, base64url>`.
 */
export interface CheckpointSigner {
  /** This key's public half, `ed25519:…`: publish it where the database's administrators cannot change it. */
  publicKey: string;
  keyId: string;
  sign(message: string): string;
}

export interface CheckpointVerifier {
  /** The ids of the keys trusted, the signing key's first. */
  keyIds: readonly string[];
  check(message: string, signature: string, keyId: string): SignatureCheck;
}

const PREFIX = 'ed25519:';

/** A key's id: the first 16 hex digits of SHA-256 over its raw 32 bytes. */
function idOf(raw: Buffer): string {
  return crypto.createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

function rawPublicKey(key: crypto.KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

/** Parses `ed25519:<base64url>`; throws a message naming the problem. */
export function parsePublicKey(text: string): crypto.KeyObject {
  const body = text.trim();
  if (!body.startsWith(PREFIX)) throw new Error(`"${body}" is not an Ed25519 public key: write it as ${PREFIX}<32 bytes, base64url>`);
  const raw = Buffer.from(body.slice(PREFIX.length), 'base64url');
  if (raw.length !== 32) throw new Error(`"${body}" is not an Ed25519 public key: it holds ${raw.length} bytes, not 32`);
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function publicKeyText(key: crypto.KeyObject): string {
  return `${PREFIX}${rawPublicKey(key).toString('base64url')}`;
}

export function signerFor(privateKey: crypto.KeyObject): CheckpointSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`is a ${privateKey.asymmetricKeyType ?? 'symmetric'} key, not an Ed25519 private key`);
  const publicKey = crypto.createPublicKey(privateKey);
  return {
    publicKey: publicKeyText(publicKey),
    keyId: idOf(rawPublicKey(publicKey)),
    sign: (message) => crypto.sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url'),
  };
}

/** Verifies with the signing key's public half and every trusted (retired) public key. */
export function verifierFor(signer: CheckpointSigner | undefined, trusted: readonly string[]): CheckpointVerifier {
  const keys = new Map<string, crypto.KeyObject>();
  for (const text of [...(signer ? [signer.publicKey] : []), ...trusted]) {
    const key = parsePublicKey(text);
    keys.set(idOf(rawPublicKey(key)), key);
  }
  return {
    keyIds: [...keys.keys()],
    check(message, signature, keyId) {
      const key = keys.get(keyId);
      if (!key) return 'unknown-key';
      try {
        return crypto.verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64url')) ? 'valid' : 'invalid';
      } catch {
        return 'invalid';
      }
    },
  };
}

/**
 * The signing key in `file` (PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it). When the
 * file does not exist and `create` is set, a new key is generated into it (mode 0600): created
 * exclusively, so servers starting together on a shared directory end up with one key.
 */
export function loadSigningKey(file: string, options: { create: boolean }): { signer: CheckpointSigner; created: boolean } {
  const path = resolve(file);
  let created = false;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !options.create) throw new Error(`cannot be read: ${(err as Error).message}`);
    created = createKeyFile(path);
    pem = readFileSync(path, 'utf8');
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(pem);
  } catch {
    throw new Error(`${path} does not hold a PEM private key`);
  }
  return { signer: signerFor(key), created };
}

/** Writes a new key to a temporary file and links it into place: false when another process was first. */
function createKeyFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const pem = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = `${path}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temporary);
  }
}
