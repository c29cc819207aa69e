import type { TestServer } from './test-server';

/** A labelled counter from the server's /metrics, by the value of its one label (e.g. `reason`). */
export async function counterByLabel(s: TestServer, name: string): Promise<Record<string, number>> {
  const text = (await s.request('GET', '/metrics', { token: null })).raw;
  const out: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^${name}\\{\\w+="([^"]+)"\\} (\\S+)`, 'gm'))) out[m[1]!] = Number(m[2]);
  return out;
}
