import type { ServerMessage } from '../packages/core/src/index';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeWebSocket, type FakeSocket as BrowserSocket } from '../packages/sdk-browser/test/fake-socket';
import { createBrowserClient, type BrowserClient } from '../packages/sdk-browser/src/index';
import { fakeClient } from '../packages/sdk-node/test/support/fake-platform';
import type { FakeSocket as NodeSocket } from '../packages/sdk-node/test/support/fake-transport';
import type { SwitchyardClient } from '../packages/sdk-node/src/index';

// Both SDKs reconnect by one policy (core's nextBackoff, docs/protocol.md "Reconnect policy"): the
// same scenarios, played by a fake server to the Node SDK and to the browser SDK, give the same waits.

/** How one connection goes, from the server's side. */
type Step = 'refused' | 'opened-then-lost' | 'ready-then-refused' | 'synced-then-lost' | 'too-many-connections' | 'goaway';

/** One SDK under test: plays a step on its current socket, and counts the sockets it opened. */
interface Driver {
  play(step: Step): void;
  sockets(): number;
  close(): void;
}

const READY: ServerMessage = { type: 'ready', environment: 'production', version: 1, heartbeatMs: 15_000, connectionId: 'c-1' };
const TOO_MANY: ServerMessage = { type: 'error', code: 'too-many-connections', message: 'Too many connections for this key.', retry: true };
const random = () => 0.999;

/** The server's side of one fake socket, whichever SDK's fake it is. */
interface ServerSide {
  refuse(): void;
  open(): void;
  push(message: ServerMessage): void;
  close(code: number): void;
}

/** Plays one step on a socket: as a refused connection, or opened and then what the step says. */
function play(s: ServerSide, step: Step, synced: ServerMessage): void {
  if (step === 'refused') return s.refuse();
  s.open();
  if (step === 'opened-then-lost') return s.close(1006);
  if (step === 'too-many-connections') {
    s.push(TOO_MANY);
    return s.close(4009);
  }
  s.push(READY);
  if (step === 'ready-then-refused') return s.close(4000);
  s.push(synced);
  if (step === 'goaway') s.push({ type: 'goaway', retryAfterMs: 250 });
  s.close(step === 'goaway' ? 4012 : 1006);
}

function nodeDriver(): Driver {
  const { client, sockets, last } = fakeClient({}, { random });
  const side = (s: NodeSocket): ServerSide => ({ refuse: () => s.fail(), open: () => s.open(), push: (m) => s.receive(m), close: (code) => s.serverClose(code) });
  const snapshot: ServerMessage = { type: 'snapshot', version: 1, flags: [], segments: [] };
  return { play: (step) => play(side(last()), step, snapshot), sockets: () => sockets.length, close: () => void (client as SwitchyardClient).close() };
}

function browserDriver(): Driver {
  const ws = fakeWebSocket();
  const client: BrowserClient = createBrowserClient({ clientKey: 'cli-1', baseUrl: 'https://flags.test', context: { key: 'u' }, webSocket: ws.WebSocket, storage: null, logger: { warn() {}, error() {} }, random });
  // A browser's connection that never opens ends with 1006 and no open event.
  const side = (s: BrowserSocket): ServerSide => ({ refuse: () => s.serverClose(1006), open: () => s.open(), push: (m) => s.push(m), close: (code) => s.serverClose(code) });
  const values: ServerMessage = { type: 'values', version: 1, contextSeq: 0, full: true, values: {} };
  return { play: (step) => play(side(ws.last()), step, values), sockets: () => ws.sockets.length, close: () => client.close() };
}

/** Plays the steps in order; after each, the wait until the SDK opened its next socket, rounded up to 50 ms (0.999 × 60 s = 59,940 ms → 59,950). */
async function waits(driver: Driver, steps: Step[]): Promise<number[]> {
  const out: number[] = [];
  for (const step of steps) {
    const before = driver.sockets();
    driver.play(step);
    let waited = 0;
    while (driver.sockets() === before && waited < 120_000) {
      await vi.advanceTimersByTimeAsync(50);
      waited += 50;
    }
    out.push(waited);
  }
  driver.close();
  return out;
}

const times = (n: number, step: Step): Step[] => Array<Step>(n).fill(step);

const SCENARIOS: [string, Step[], number[]][] = [
  [
    'a crash and a restart: the connection is lost, then refused for a while; back at most 3 s after the server is',
    ['synced-then-lost', ...times(6, 'refused'), 'synced-then-lost'],
    [1_000, 2_000, 3_000, 3_000, 3_000, 3_000, 3_000, 1_000],
  ],
  [
    'an outage past a minute: after 60 s of refusals the ceiling grows again',
    // Refusals from t = 1 s: the first at 1 s, then 3 s apart; the one at 1 + 2 + 20 × 3 = 63 s is past the minute.
    ['synced-then-lost', ...times(22, 'refused')],
    [1_000, 2_000, ...Array<number>(20).fill(3_000), 59_950],
  ],
  ['connections that open and fail: exponential', times(6, 'opened-then-lost'), [1_000, 2_000, 4_000, 8_000, 16_000, 32_000]],
  ['refused at the limit (4009): exponential', times(4, 'too-many-connections'), [1_000, 2_000, 4_000, 8_000]],
  ['ready but never in sync does not start over', times(4, 'ready-then-refused'), [1_000, 2_000, 4_000, 8_000]],
  ['in sync starts over', ['opened-then-lost', 'opened-then-lost', 'opened-then-lost', 'synced-then-lost', 'opened-then-lost'], [1_000, 2_000, 4_000, 1_000, 2_000]],
  ['goaway: after retryAfterMs, no attempt counted', ['opened-then-lost', 'opened-then-lost', 'goaway', 'opened-then-lost'], [1_000, 2_000, 250, 1_000]],
];

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('both SDKs wait the same before reconnecting (jitter fixed at 0.999)', () => {
  it.each(SCENARIOS)('%s', async (_name, steps, expected) => {
    const node = await waits(nodeDriver(), steps);
    const browser = await waits(browserDriver(), steps);
    expect({ node, browser }).toEqual({ node: expected, browser: expected });
  });
});
