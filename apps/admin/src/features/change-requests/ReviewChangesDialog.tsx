import type { EnvironmentConfig } from '@switchyard/core';
import type { ConfigEdit } from '../../api/types';
import { ConfigChangeText } from './ConfigChangeText';
import { RequestReviewDialog } from './RequestReviewDialog';

interface ReviewChangesDialogProps {
  title: string;
  before: EnvironmentConfig;
  change: ConfigEdit;
  variationNames: readonly string[];
  defaultNote: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}

/** "Review changes" of a targeting change: the change in sentences, then a request for someone else's review. */
export function ReviewChangesDialog({ before, change, variationNames, ...rest }: ReviewChangesDialogProps) {
  return (
    <RequestReviewDialog {...rest}>
      <ConfigChangeText before={before} change={change} variationNames={variationNames} />
    </RequestReviewDialog>
  );
}
