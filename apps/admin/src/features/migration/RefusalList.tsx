import type { Refusal } from '@switchyard/core';
import { refusalFigures, refusalTitle } from './migration-view';

/** Why a move is refused: each rule or gate, its message, and for gates measured vs threshold. */
export function RefusalList({ reasons, label }: { reasons: readonly Refusal[]; label: string }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="refusals" aria-label={label}>
      {reasons.map((r, i) => {
        const figures = refusalFigures(r);
        return (
          <li key={i} className="refusal">
            <span className="refusal__title">{refusalTitle(r)}</span>
            <span className="refusal__message">{r.message}</span>
            {figures && <span className="refusal__figures">{figures}</span>}
          </li>
        );
      })}
    </ul>
  );
}
