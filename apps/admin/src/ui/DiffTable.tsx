import { showJson, type DiffRow } from '../lib/json-diff';

interface DiffTableProps {
  rows: readonly DiffRow[];
  truncated?: boolean;
  caption: string;
  beforeLabel?: string;
  afterLabel?: string;
}

const KIND_LABEL = { added: 'added', removed: 'removed', changed: 'changed' } as const;

/** Changed fields as rows: path, before (struck, red), after (green). */
export function DiffTable({ rows, truncated, caption, beforeLabel = 'Before', afterLabel = 'After' }: DiffTableProps) {
  if (rows.length === 0) return <p className="muted small">No field changed.</p>;
  return (
    <div className="diff">
      <table className="diff__table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{beforeLabel}</th>
            <th scope="col">{afterLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} className={`diff__row diff__row--${r.kind}`}>
              <th scope="row" className="diff__path">
                <code>{r.path || '(value)'}</code>
                <span className="sr-only"> {KIND_LABEL[r.kind]}</span>
              </th>
              <td className="diff__before">{r.kind !== 'added' && <code>{showJson(r.before)}</code>}</td>
              <td className="diff__after">{r.kind !== 'removed' && <code>{showJson(r.after)}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated && <p className="muted small">More changes not shown.</p>}
    </div>
  );
}
