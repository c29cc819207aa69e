// Summarises a .cpuprofile: self time and total time per function (top N), to read a profile in a
// terminal.  node bench/support/profile-summary.mjs FILE [N]
import { readFileSync } from 'node:fs';
const [file, top = '25'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const total = new Map();
let sum = 0;
for (const n of p.nodes) {
  const t = dt.get(n.id) ?? 0;
  sum += t;
  self.set(name(n), (self.get(name(n)) ?? 0) + t);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const k = name(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + t);
  }
}
const show = (m, title) => {
  console.log(`\n${title} (of ${(sum / 1000).toFixed(0)} ms sampled)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${(v / 1000).toFixed(1).padStart(9)} ms  ${((v / sum) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
show(self, 'self time');
show(total, 'total time');
