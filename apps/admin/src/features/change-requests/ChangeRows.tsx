import type { ReactNode } from 'react';

export interface ChangeRow {
  label: string;
  was: ReactNode;
  now: ReactNode;
}

/** Before and after, one row per changed field, in sentences (never JSON or weights). */
export function ChangeRows({ rows, none }: { rows: readonly ChangeRow[]; none: string }) {
  if (rows.length === 0) return <p className="muted small">{none}</p>;
  return (
    <table className="table change-text">
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{r.was}</td>
            <td>{r.now}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A list of keys or words, or "none". */
export function Words({ list }: { list: readonly string[] }) {
  if (list.length === 0) return <span className="muted">none</span>;
  return (
    <span className="values">
      {list.map((v, i) => (
        <code key={i} className="value">
          {v}
        </code>
      ))}
    </span>
  );
}

/** Text, or an em dash when empty. */
export function Text({ text }: { text: string | null | undefined }) {
  return text ? text : <span className="muted">—</span>;
}
