import type { MigrationStage, Refusal } from '@switchyard/core';
import { useId, useState } from 'react';
import type { TransitionResult } from '../../api/types';
import { Button } from '../../ui/Button';
import { moveRows, STAGE_LABELS, type MoveRow } from './migration-view';
import { MoveDialog } from './MoveDialog';
import { RefusalList } from './RefusalList';

interface MoveListProps {
  flagKey: string;
  envKey: string;
  envName: string;
  stage: MigrationStage;
  moves: Parameters<typeof moveRows>[0];
  mayMove: boolean;
  mayForce: boolean;
  onMoved: (result: TransitionResult) => void;
  onRefused: (to: MigrationStage, reasons: Refusal[]) => void;
}

/** Every move from the current stage: allowed ones with their button, refused ones with why. */
export function MoveList({ flagKey, envKey, envName, stage, moves, mayMove, mayForce, onMoved, onRefused }: MoveListProps) {
  const uid = useId();
  const rows = moveRows(moves, stage);
  const [open, setOpen] = useState<MoveRow | null>(null);
  const forward = rows.filter((r) => r.direction === 'forward');
  const back = rows.filter((r) => r.direction === 'back');

  const list = (items: MoveRow[], title: string, id: string) =>
    items.length > 0 && (
      <>
        <h4 id={id} className="moves__title">
          {title}
        </h4>
        <ul className="moves" aria-labelledby={id}>
          {items.map((r) => (
            <li key={r.to} className={`move move--${r.allowed ? 'allowed' : 'refused'} ${r.next ? 'move--next' : ''}`} data-testid={`move-${r.to}`}>
              <div className="move__head">
                <span className="move__target">
                  {r.direction === 'forward' ? '→' : '↩'} {STAGE_LABELS[r.to]}
                </span>
                <span className={`badge badge--${r.allowed ? 'pass' : 'fail'}`}>{r.allowed ? 'allowed' : 'refused'}</span>
                {mayMove && (
                  <Button
                    size="sm"
                    variant={r.allowed ? (r.direction === 'forward' ? 'primary' : 'secondary') : 'ghost'}
                    className="move__button"
                    onClick={() => setOpen(r)}
                    aria-label={`${r.allowed ? (r.direction === 'forward' ? 'Move' : 'Roll back') : 'Try moving'} to ${STAGE_LABELS[r.to].toLowerCase()}`}
                  >
                    {r.allowed ? (r.direction === 'forward' ? 'Move…' : 'Roll back…') : 'Try…'}
                  </Button>
                )}
              </div>
              {!r.allowed &&
                (r.reasons.every((x) => x.rule === 'skip') ? (
                  <p className="move__note muted small">One stage at a time: reach {STAGE_LABELS[r.to].toLowerCase()} through the stages before it.</p>
                ) : (
                  <RefusalList reasons={r.reasons} label={`Why ${STAGE_LABELS[r.to].toLowerCase()} is refused`} />
                ))}
            </li>
          ))}
        </ul>
      </>
    );

  return (
    <div className="moves-wrap">
      {list(forward, 'Forward', `${uid}-fwd`)}
      {list(back, 'Back (rollback)', `${uid}-back`)}
      {open && (
        <MoveDialog
          flagKey={flagKey}
          envKey={envKey}
          envName={envName}
          from={stage}
          row={open}
          mayForce={mayForce}
          onMoved={onMoved}
          onRefused={onRefused}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
