import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  CLIENT_MESSAGE_TYPES,
  SERVER_MESSAGE_TYPES,
  STANDARD_CLOSE_CODES,
  SWITCHYARD_CLOSE_CODES,
  parseClientMessage,
  parseServerMessage,
} from '../../src/protocol/index';

const doc = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
const typeOf = (text: string): string => (JSON.parse(text) as { type: string }).type;

describe('docs/protocol.md stays in step with the code', () => {
  it('shows an example of every message type', () => {
    const shown = new Set(examples.map(typeOf));
    for (const type of [...CLIENT_MESSAGE_TYPES, ...SERVER_MESSAGE_TYPES]) expect(shown).toContain(type);
  });

  it.each(examples.map((text) => [typeOf(text), text]))('the %s example is a valid message', (type, text) => {
    const client = CLIENT_MESSAGE_TYPES.includes(type as never);
    const server = SERVER_MESSAGE_TYPES.includes(type as never);
    if (client) expect(parseClientMessage(text)).toMatchObject({ ok: true });
    if (server) expect(parseServerMessage(text)).toMatchObject({ ok: true });
    expect(client || server).toBe(true);
  });

  it('documents every close code as the code defines it, and nothing else', () => {
    const rows = [...doc.matchAll(/^\| (\d{4}) \| `([a-z-]+)` \| (no|backoff|now) \| (.+) \|$/gm)].map((m) => ({
      code: Number(m[1]),
      reason: m[2],
      retry: m[3],
      message: m[4],
    }));
    const table = [...Object.entries(SWITCHYARD_CLOSE_CODES), ...Object.entries(STANDARD_CLOSE_CODES)].map(([reason, e]) => ({
      code: e.code,
      reason,
      retry: e.retry,
      message: e.message,
    }));
    expect(rows).toEqual(table);
  });
});
