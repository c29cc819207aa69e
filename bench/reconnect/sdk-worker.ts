// A child process holding real SDK clients for bench/reconnect.ts: Node SDK clients (server key,
// `createClient`) and browser SDK clients (client key, `createBrowserClient` over `ws`), each with its
// own reconnect policy, exactly as shipped (no reconnect options: the defaults are what is measured).
// While watching, every client not yet done is checked every 10 ms: when it came back (`ready` again
// after being stale) and when it first served the flag the parent killed.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createBrowserClient, type BrowserClient } from '../../packages/sdk-browser/src/index';
import { createClient, type SwitchyardClient } from '../../packages/sdk-node/src/index';
import type { FromWorker, SdkTimes, StartSpec, ToWorker } from './messages';

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromWorker) => process.send!(m);
/** How often each client still waiting is checked: the workers share the machine with the server, so they do little. */
const POLL_MS = 10;

interface Watched {
  isReady(): boolean;
  hasKill(): boolean;
  wasDown: boolean;
  back: number;
  killed: number;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let nodeClients: SwitchyardClient[] = [];
let browserClients: BrowserClient[] = [];
let nodeWatched: Watched[] = [];
let browserWatched: Watched[] = [];
let flag = '';
/** Browser SDK sockets opened (the Node SDK counts its own in diagnostics). */
let browserAttempts = 0;
let timer: NodeJS.Timeout | undefined;
let attemptsAtWatch = { node: 0, browser: 0 };
let attemptsAtReturn = { node: 0, browser: 0 };

class CountingWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { perMessageDeflate: false });
    browserAttempts++;
  }
}

const nodeAttempts = () => nodeClients.reduce((n, c) => n + c.diagnostics().connectAttempts, 0);

async function start(spec: StartSpec): Promise<void> {
  flag = spec.flag;
  const t0 = now();
  nodeClients = Array.from({ length: spec.node }, () => createClient({ sdkKey: spec.serverKey, baseUrl: spec.baseUrl, logger: quiet, summaries: false }));
  browserClients = Array.from({ length: spec.browser }, (_, i) =>
    createBrowserClient({ clientKey: spec.clientKey, baseUrl: spec.baseUrl, context: { key: `browser-${spec.offset + i}` }, webSocket: CountingWebSocket, storage: null, logger: quiet }),
  );
  const node = await Promise.all(nodeClients.map((c) => c.waitForReady(60_000)));
  const browser = await Promise.all(browserClients.map((c) => c.waitForReady(60_000).then(() => true, () => false)));
  const ready = [...node, ...browser].filter(Boolean).length;
  send({ type: 'started', ready, failed: node.length + browser.length - ready, ms: now() - t0 });
}

function watch(): void {
  nodeWatched = nodeClients.map((c) => ({
    isReady: () => c.status() === 'ready',
    hasKill: () => c.boolVariation(flag, { key: 'bench' }, true) === false,
    wasDown: false,
    back: NaN,
    killed: NaN,
  }));
  browserWatched = browserClients.map((c) => ({
    isReady: () => c.status().state === 'ready',
    hasKill: () => c.boolVariation(flag, true) === false,
    wasDown: false,
    back: NaN,
    killed: NaN,
  }));
  attemptsAtWatch = { node: nodeAttempts(), browser: browserAttempts };
  attemptsAtReturn = attemptsAtWatch;
  timer = setInterval(check, POLL_MS);
}

function check(): void {
  const t = now();
  for (const w of [...nodeWatched, ...browserWatched]) {
    if (!Number.isNaN(w.back) && !Number.isNaN(w.killed)) continue;
    const ready = w.isReady();
    if (!ready) w.wasDown = true;
    else if (w.wasDown && Number.isNaN(w.back)) w.back = t;
    if (Number.isNaN(w.killed) && w.hasKill()) w.killed = t;
  }
}

async function collect(timeoutMs: number): Promise<void> {
  const deadline = now() + timeoutMs;
  const all = [...nodeWatched, ...browserWatched];
  while (all.some((w) => Number.isNaN(w.killed)) && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  check();
  clearInterval(timer);
  const times = (ws: Watched[], attemptsDown: number, attemptsUp: number): SdkTimes => ({ back: ws.map((w) => w.back), killed: ws.map((w) => w.killed), attemptsDown, attemptsUp });
  send({
    type: 'result',
    node: times(nodeWatched, attemptsAtReturn.node - attemptsAtWatch.node, nodeAttempts() - attemptsAtReturn.node),
    browser: times(browserWatched, attemptsAtReturn.browser - attemptsAtWatch.browser, browserAttempts - attemptsAtReturn.browser),
  });
}

process.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'start':
      return void start(m.spec);
    case 'watch':
      watch();
      return send({ type: 'watching' });
    case 'returned':
      attemptsAtReturn = { node: nodeAttempts(), browser: browserAttempts };
      return send({ type: 'noted' });
    case 'collect':
      return void collect(m.timeoutMs);
    case 'stop':
      clearInterval(timer);
      void Promise.all(nodeClients.map((c) => c.close())).then(() => {
        for (const c of browserClients) c.close();
        send({ type: 'stopped' });
      });
      return;
  }
});
send({ type: 'up' });
