/**
 * A page server for the OFREP web provider spec, on 127.0.0.1 and a free port (another origin than
 * the Switchyard server, so CORS is exercised for real): `/` renders one boolean flag through the
 * official `@openfeature/ofrep-web-provider` and `@openfeature/web-sdk`, bundled from node_modules
 * by esbuild in memory. Every render is timestamped in `window.__renders`.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface OfrepPageConfig {
  baseUrl: string;
  clientKey: string;
  flagKey: string;
  context: Record<string, unknown>;
}

export interface OfrepPageGlobals {
  __renders: { value: string; reason: string; at: number }[];
  __pageId: number;
}

const ENTRY = `
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
const config = JSON.parse(document.getElementById('config').textContent);
window.__pageId = Math.random();
window.__renders = [];
document.getElementById('flag').textContent = config.flagKey;
const client = OpenFeature.getClient();
function render() {
  const d = client.getBooleanDetails(config.flagKey, false);
  const el = document.getElementById('value');
  el.textContent = d.value ? 'ON' : 'OFF';
  document.getElementById('reason').textContent = d.reason + (d.errorCode ? ' / ' + d.errorCode : '');
  window.__renders.push({ value: el.textContent, reason: d.reason, at: Date.now() });
}
client.addHandler(ProviderEvents.ConfigurationChanged, render);
client.addHandler(ProviderEvents.Ready, () => { document.getElementById('status').textContent = 'ready'; render(); });
client.addHandler(ProviderEvents.Error, (e) => { document.getElementById('status').textContent = 'error: ' + (e && e.message); });
OpenFeature.setContext(config.context);
// Defaults as shipped: no polling (pollInterval 0), change detection by the advertised event stream.
OpenFeature.setProvider(new OFREPWebProvider({ baseUrl: config.baseUrl, headers: [['Authorization', 'Bearer ' + config.clientKey]], cacheMode: 'disabled' }));
`;

function page(config: OfrepPageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>OFREP web provider on Switchyard</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 3rem; } #value { font-size: 2.5rem; font-weight: 700; }</style></head>
<body>
  <h1>Checkout (OpenFeature OFREP web provider)</h1>
  <p>Flag <code id="flag"></code> is</p>
  <div id="value">…</div>
  <p>reason <code id="reason">—</code>; provider <code id="status">initializing</code></p>
  <script type="application/json" id="config">${json}</script>
  <script type="module" src="/app.js"></script>
</body>
</html>`;
}

/** Starts the page server; `close()` stops it. */
export async function startOfrepPageServer(config: OfrepPageConfig): Promise<{ url: string; close: () => Promise<void> }> {
  const out = await build({ stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', write: false, minify: true, logLevel: 'silent' });
  const bundle = out.outputFiles[0]!.contents;
  const server: Server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(bundle);
    }
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(page(config));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
