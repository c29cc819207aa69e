import { useState, type ReactNode } from 'react';
import type { DefinitionEdit, FlagView } from '../../api/types';
import { useEnvironments } from '../../app/environments';
import { DefinitionChangeText } from './DefinitionChangeText';
import { RequestReviewDialog } from './RequestReviewDialog';
import { ReviewRequested } from './ReviewRequested';
import { useEnvironmentsRequiringReview } from './use-review-policies';

interface DefinitionEditorApi {
  base: FlagView | Parameters<typeof DefinitionChangeText>[0]['before'];
  note: string;
  saving: boolean;
  pendingChanges: () => DefinitionEdit | null;
  requestReview: (title: string, envKey?: string) => Promise<string | null>;
}

/**
 * The definition editor's review flow: while any environment requires review, Save becomes "Request
 * review" (in the first such environment: a definition reaches all of them) with the change in
 * sentences. `onSave` is undefined where no environment requires review; `shown` is the dialog or notice.
 */
export function useDefinitionReview(flag: FlagView, editor: DefinitionEditorApi): { onSave: (() => void) | undefined; shown: ReactNode } {
  const { nameOf } = useEnvironments();
  const guarded = useEnvironmentsRequiringReview();
  const [reviewing, setReviewing] = useState<DefinitionEdit | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const env = guarded[0];
  const onSave =
    env === undefined
      ? undefined
      : () => {
          const changes = editor.pendingChanges();
          if (changes) setReviewing(changes);
        };
  const shown = (
    <>
      {requested && <ReviewRequested id={requested} />}
      {reviewing && env !== undefined && (
        <RequestReviewDialog
          title={`Request review: definition of ${flag.key}`}
          lead={`${guarded.map(nameOf).join(', ')} ${guarded.length === 1 ? 'requires' : 'require'} review, and a definition reaches every environment`}
          defaultNote={editor.note}
          busy={editor.saving}
          onCancel={() => setReviewing(null)}
          onConfirm={async (note) => {
            const id = await editor.requestReview(note || `Definition of ${flag.key}`, env);
            setReviewing(null);
            if (id) setRequested(id);
          }}
        >
          <DefinitionChangeText before={editor.base} change={reviewing} />
        </RequestReviewDialog>
      )}
    </>
  );
  return { onSave, shown };
}
