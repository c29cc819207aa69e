/**
 * A tiny page server for browser SDK specs, on 127.0.0.1 and a free port: `/` is a page that
 * loads the SDK's real minified ESM bundle from `/sdk/index.js` (built in memory by the package's
 * own build) and renders one flag's value, status and reason; every render is timestamped in
 * `window.__renders` so that a spec can measure when a change reached the page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSdk } from '../../../packages/sdk-browser/scripts/build.mjs';

export interface PageConfig {
  baseUrl: string;
  clientKey: string;
  flagKey: string;
  context: Record<string, unknown>;
}

export interface Render {
  value: string;
  reason: string;
  at: number;
}

/**
 * What the page exposes on `window`, for specs' `page.evaluate` callbacks (which run in the page:
 * they reach it as `globalThis`, since this project's TypeScript has no DOM library).
 */
export interface PageGlobals {
  __pageId: number;
  __renders: Render[];
  __initialSource: string;
  document: { getElementById(id: string): { textContent: string | null } | null };
}

function page(config: PageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Switchyard browser SDK</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; margin: 3rem; color: #1d2330; }
    .card { border: 1px solid #d5dae3; border-radius: 8px; padding: 1.5rem 2rem; max-width: 32rem; }
    #value { font-size: 2.5rem; font-weight: 700; }
    #value[data-on="true"] { color: #17803d; } #value[data-on="false"] { color: #b42318; }
    dt { color: #5b6474; } dd { margin: 0 0 .5rem 0; font-family: ui-monospace, monospace; }
  </style>
</head>
<body>
  <div class="card">
    <h1>Checkout</h1>
    <p>Flag <code id="flag"></code> is</p>
    <div id="value" data-on="">…</div>
    <dl>
      <dt>reason</dt><dd id="reason">—</dd>
      <dt>SDK status</dt><dd id="status">initializing</dd>
    </dl>
  </div>
  <script type="application/json" id="config">${json}</script>
  <script type="module">
    import { createBrowserClient } from '/sdk/index.js';
    const config = JSON.parse(document.getElementById('config').textContent);
    window.__pageId = Math.random();
    window.__renders = [];
    document.getElementById('flag').textContent = config.flagKey;
    const client = createBrowserClient({ clientKey: config.clientKey, baseUrl: config.baseUrl, context: config.context });
    window.__client = client;
    window.__initialSource = client.status().source; // 'storage' after a reload: cached values first
    function render() {
      const detail = client.boolVariationDetail(config.flagKey, false);
      const el = document.getElementById('value');
      el.textContent = detail.value ? 'ON' : 'OFF';
      el.dataset.on = String(detail.value);
      document.getElementById('reason').textContent = detail.reason + (detail.errorCode ? ' / ' + detail.errorCode : '');
      window.__renders.push({ value: el.textContent, reason: detail.reason, at: Date.now() });
    }
    client.onFlagChange(config.flagKey, render);
    client.onStatusChange((s) => { document.getElementById('status').textContent = s.state; });
    client.waitForReady(10000).then(() => { document.getElementById('status').textContent = client.status().state; render(); }, (e) => { document.getElementById('status').textContent = 'error: ' + e.message; });
  </script>
</body>
</html>`;
}

/** Starts the page server; `close()` stops it. */
export async function startPageServer(config: PageConfig): Promise<{ url: string; close: () => Promise<void> }> {
  const { sdk } = await buildSdk({ write: false, minify: true });
  const bundle = sdk.outputFiles!.find((f) => f.path.endsWith('index.js'))!.contents;
  const server: Server = createServer((req, res) => {
    if (req.url === '/sdk/index.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(bundle);
    }
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(page(config));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
