import { rolloutSchema, type Serve } from '@switchyard/core';
import { checkPercents, evenWeights, percentToWeight, weightToPercent } from './rollout-weights';

/**
 * What a serve (a rule's, or the fallthrough) looks like while being edited: rollout weights are
 * kept as the text typed, so "33." survives a keystroke; they become weights when saved.
 */
export type ServeDraft =
  | { kind: 'variation'; variation: number }
  | { kind: 'rollout'; bucketBy: string; salt: string; rows: RolloutRowDraft[] };

export interface RolloutRowDraft {
  variation: number;
  percent: string;
}

export function serveToDraft(serve: Serve): ServeDraft {
  if ('variation' in serve) return { kind: 'variation', variation: serve.variation };
  const r = serve.rollout;
  return {
    kind: 'rollout',
    bucketBy: r.bucketBy ?? '',
    salt: r.salt ?? '',
    rows: r.variations.map((v) => ({ variation: v.variation, percent: weightToPercent(v.weight) })),
  };
}

export type ServeResult = { ok: true; serve: Serve } | { ok: false; message: string };

/** The serve to save, or why the draft cannot be saved. Checked with core's rollout schema too. */
export function draftToServe(draft: ServeDraft): ServeResult {
  if (draft.kind === 'variation') return { ok: true, serve: { variation: draft.variation } };
  const check = checkPercents(draft.rows.map((r) => r.percent));
  if (check.error) return { ok: false, message: check.error };
  const rollout = {
    ...(draft.bucketBy.trim() ? { bucketBy: draft.bucketBy.trim() } : {}),
    ...(draft.salt.trim() ? { salt: draft.salt.trim() } : {}),
    variations: draft.rows.map((r) => ({ variation: r.variation, weight: (percentToWeight(r.percent) as { weight: number }).weight })),
  };
  const parsed = rolloutSchema.safeParse(rollout);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid rollout' };
  return { ok: true, serve: { rollout: parsed.data } };
}

/** Switches a draft to a rollout over every variation, split evenly, keeping what can be kept. */
export function toRolloutDraft(draft: ServeDraft, variationCount: number): ServeDraft {
  if (draft.kind === 'rollout') return draft;
  const weights = evenWeights(variationCount);
  return { kind: 'rollout', bucketBy: '', salt: '', rows: weights.map((w, i) => ({ variation: i, percent: weightToPercent(w) })) };
}

/** Switches a draft to a fixed variation: the rollout's largest share, or the first variation. */
export function toVariationDraft(draft: ServeDraft): ServeDraft {
  if (draft.kind === 'variation') return draft;
  let best = draft.rows[0]?.variation ?? 0;
  let bestWeight = -1;
  for (const r of draft.rows) {
    const p = percentToWeight(r.percent);
    if (p.ok && p.weight > bestWeight) [best, bestWeight] = [r.variation, p.weight];
  }
  return { kind: 'variation', variation: best };
}
