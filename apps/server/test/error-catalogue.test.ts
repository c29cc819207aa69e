import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors/catalogue';

describe('error catalogue', () => {
  it('is documented in docs/errors.md, code for code and status for status', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = new Map<string, number>();
    for (const m of doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)) documented.set(m[1]!, Number(m[2]));
    const inCode = new Map(Object.entries(ERRORS).map(([code, e]) => [code, e.status]));
    expect(documented).toEqual(inCode);
  });

  it('gives every code a client-error or server-error status and a message', () => {
    for (const [code, e] of Object.entries(ERRORS)) {
      expect(e.message.length, code).toBeGreaterThan(5);
      expect(e.status, code).toBeGreaterThanOrEqual(400);
    }
  });
});
