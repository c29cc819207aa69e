/**
 * Reads back the tables a bench script printed (bench/support/table.ts's printTable: a header line,
 * a rule of dashes per column, then one line per row). printTable pads every cell to its column's
 * width, so the header and each row are exactly as long as the rule: the first line of another length
 * ends the table. Columns are cut where the rule's dashes start, so cells may hold spaces.
 */
export interface PrintedTable {
  /** The last `## ` heading above the table, without the hashes ('' before the first heading). */
  section: string;
  header: string[];
  rows: string[][];
}

export function printedTables(output: string): PrintedTable[] {
  const lines = output.split('\n');
  const tables: PrintedTable[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const rule = lines[i + 1];
    if (!rule || !/^-+( +-+)*$/.test(rule) || line.length !== rule.length) continue;
    const spans: [number, number][] = [];
    for (const m of rule.matchAll(/-+/g)) spans.push([m.index, m.index + m[0].length]);
    const cut = (text: string) => spans.map(([start], k) => text.slice(start, k + 1 < spans.length ? spans[k + 1]![0] : undefined).trim());
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.length === rule.length; j++) rows.push(cut(lines[j]!));
    tables.push({ section, header: cut(line), rows });
    i = j - 1;
  }
  return tables;
}

/** The one table whose header starts with `first` (and, when given, under a section containing `section`); throws when there is not exactly one. */
export function tableOf(tables: PrintedTable[], first: string, section?: string): PrintedTable {
  const found = tables.filter((t) => t.header[0] === first && (section === undefined || t.section.includes(section)));
  if (found.length !== 1) throw new Error(`expected one table headed "${first}"${section ? ` under "${section}"` : ''}, found ${found.length} (tables: ${tables.map((t) => `${t.section} / ${t.header[0]}`).join('; ')})`);
  return found[0]!;
}

/** A cell's column by header name; throws when the header has no such column. */
export function column(table: PrintedTable, name: string): string[] {
  const k = table.header.indexOf(name);
  if (k < 0) throw new Error(`no column "${name}" in [${table.header.join(' | ')}]`);
  return table.rows.map((r) => r[k]!);
}

/** "1,234.5" → 1234.5; "12.3×" → 12.3; anything that is not a number → NaN. */
export function numberIn(cell: string): number {
  const m = /^-?[\d,]*\.?\d+/.exec(cell.replace(/^\+/, ''));
  return m ? Number(m[0].replace(/,/g, '')) : Number.NaN;
}
