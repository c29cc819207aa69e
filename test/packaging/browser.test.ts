import { chromium, type Browser, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../support/server-process';
import { runInConsumer, serverFromTarball } from './support/consumer-run';
import { docExample } from './support/doc-examples';
import { serveFolder } from './support/static-server';

/**
 * The browser SDK from its tarball, in Chromium, the two ways docs/sdk-browser.md shows: `page.html`
 * loading dist/switchyard.iife.js through `<script src>`, and `main.js` bundled by the consumer's
 * esbuild from the ESM package. Both pages are open at once; one kill must reach both.
 */
const consumer = inject('consumerDir');
const FLAG = 'new-checkout';
const prod = `/api/v1/flags/${FLAG}/environments/production`;
let server: ServerProcess;
let site: Awaited<ReturnType<typeof serveFolder>>;
let browser: Browser;

/** The docs' placeholders, replaced by this run's server and client key. */
function configured(code: string, clientKey: string): string {
  expect(code).toContain("'syc_…'");
  expect(code).toContain("'https://flags.example.com'");
  return code.replace("'syc_…'", JSON.stringify(clientKey)).replace("'https://flags.example.com'", JSON.stringify(server.baseUrl));
}

beforeAll(async () => {
  server = serverFromTarball(consumer);
  await server.start();
  expect((await server.api('POST', '/api/v1/flags', { key: FLAG, type: 'release', owner: 'team-checkout', clientSide: true })).status).toBe(201);
  expect((await server.api('POST', `${prod}/toggle`, { enabled: true, baseVersion: 1 })).status).toBe(200);
  const { secret } = await server.sdkKey('client');

  const web = join(consumer, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  copyFileSync(join(consumer, 'node_modules/@switchyard/sdk-browser/dist/switchyard.iife.js'), join(web, 'assets/switchyard.iife.js'));
  writeFileSync(join(web, 'script.html'), `<!doctype html><meta charset="utf-8"><title>script</title>\n${configured(docExample('sdk-browser.md', 'page.html'), secret)}`);
  writeFileSync(join(consumer, 'main.js'), configured(docExample('sdk-browser.md', 'main.js'), secret));
  const bundled = await runInConsumer(consumer, 'npx', ['--no-install', 'esbuild', 'main.js', '--bundle', '--format=esm', '--minify', '--outfile=web/main.bundle.js', '--metafile=web/meta.json']);
  expect(bundled.code, bundled.stderr).toBe(0);
  writeFileSync(join(web, 'bundled.html'), '<!doctype html><meta charset="utf-8"><title>bundled</title>\n<p>New checkout: <span id="new-checkout">…</span></p>\n<script type="module" src="/main.bundle.js"></script>\n');
  site = await serveFolder(web);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.dispose();
});

async function shows(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('new-checkout')?.textContent === t, text, { timeout: 10_000 });
}

describe('@switchyard/sdk-browser installed with npm, in Chromium', () => {
  it('a <script src> page and an esbuild-bundled page show the flag and follow a kill and a restore live', async () => {
    const errors: string[] = [];
    const pages: Page[] = [];
    for (const path of ['/script.html', '/bundled.html']) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
      await page.goto(`${site.url}${path}`);
      pages.push(page);
    }
    for (const page of pages) await shows(page, 'on');
    // The <script> page reached the SDK through the global the IIFE defines.
    expect(await pages[0]!.evaluate(() => typeof (globalThis as unknown as { Switchyard?: { createBrowserClient?: unknown } }).Switchyard?.createBrowserClient)).toBe('function');

    expect((await server.api('POST', `${prod}/kill`, { reason: 'packaging test' })).status).toBe(200);
    for (const page of pages) await shows(page, 'off');
    expect((await server.api('POST', `${prod}/restore`, { reason: 'fixed' })).status).toBe(200);
    for (const page of pages) await shows(page, 'on');
    expect(errors).toEqual([]);
  });

  it('the bundle holds the SDK from the installed package and nothing else of node_modules', () => {
    const meta = JSON.parse(readFileSync(join(consumer, 'web/meta.json'), 'utf8'));
    const inputs = Object.keys(meta.inputs).filter((p) => p.includes('node_modules/'));
    expect(inputs).toEqual(['node_modules/@switchyard/sdk-browser/dist/index.js']);
  });
});
