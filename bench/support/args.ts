/** `--name=value` options of a bench script, with defaults; `--name` alone is "true". */
export function options<T extends Record<string, string | number | boolean>>(defaults: T): T {
  const out: Record<string, string | number | boolean> = { ...defaults };
  for (const arg of process.argv.slice(2)) {
    if (arg === '--') continue; // pnpm passes the separator through
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg}`);
    const name = m[1]!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!(name in defaults)) throw new Error(`unknown option --${m[1]} (known: ${Object.keys(defaults).join(', ')})`);
    const d = defaults[name];
    const raw = m[2] ?? 'true';
    out[name] = typeof d === 'number' ? Number(raw.replace(/_/g, '')) : typeof d === 'boolean' ? raw !== 'false' : raw;
  }
  return out as T;
}
