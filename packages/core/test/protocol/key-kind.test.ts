import { describe, it, expect } from 'vitest';
import {
  EXAMPLE_CLIENT_MESSAGES as C,
  EXAMPLE_SEGMENT_PATCH,
  EXAMPLE_SERVER_MESSAGES as S,
  checkMessageForKeyKind,
  type ClientMessage,
  type ServerMessage,
} from '../../src/protocol/index';

const serverHello: ClientMessage = { ...C.hello, context: undefined };

describe('checkMessageForKeyKind', () => {
  it('a client key must send a context in hello', () => {
    expect(checkMessageForKeyKind(C.hello, 'client')).toBeUndefined();
    expect(checkMessageForKeyKind(serverHello, 'client')).toMatchObject({ code: 'invalid', path: ['context'] });
  });

  it('a server key must not send a context in hello, nor context messages', () => {
    expect(checkMessageForKeyKind(serverHello, 'server')).toBeUndefined();
    expect(checkMessageForKeyKind(C.hello, 'server')).toMatchObject({ code: 'invalid', path: ['context'] });
    expect(checkMessageForKeyKind(C.context, 'server')).toMatchObject({ code: 'invalid', path: ['type'] });
  });

  it('rules never reach a client key: snapshot, patch and delete are refused', () => {
    const rules: ServerMessage[] = [S.snapshot, S.patch, EXAMPLE_SEGMENT_PATCH, S.delete];
    for (const message of rules) expect(checkMessageForKeyKind(message, 'client')).toMatchObject({ path: ['type'] });
    expect(checkMessageForKeyKind(S.values, 'client')).toBeUndefined();
  });

  it('a server key gets rules, not values', () => {
    expect(checkMessageForKeyKind(S.values, 'server')).toMatchObject({ path: ['type'] });
    for (const message of [S.snapshot, S.patch, S.delete]) expect(checkMessageForKeyKind(message, 'server')).toBeUndefined();
  });

  it('both kinds share the rest', () => {
    const shared = [C.ack, C.ping, C.pong, C.summary, S.ready, S.ping, S.pong, S.error, S.goaway];
    for (const message of shared) {
      expect(checkMessageForKeyKind(message, 'server')).toBeUndefined();
      expect(checkMessageForKeyKind(message, 'client')).toBeUndefined();
    }
  });
});
