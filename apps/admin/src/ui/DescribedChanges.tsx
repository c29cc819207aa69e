import type { DescribedChange } from '@switchyard/core';

/** Changes in words (core's describeChanges): what, before, after; one line per rule or target. */
export function DescribedChanges({ changes, caption }: { changes: readonly DescribedChange[]; caption: string }) {
  return (
    <table className="table change-text">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">{c.label}</th>
            <td className="diff__before">
              <Lines lines={c.before} />
            </td>
            <td className="diff__after">
              <Lines lines={c.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Lines({ lines }: { lines: readonly string[] }) {
  if (lines.length === 1) return <>{lines[0]}</>;
  return (
    <ul className="read-list">
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}
