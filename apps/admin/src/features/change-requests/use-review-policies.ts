import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useResource } from '../../lib/use-resource';

/** Whether `envKey` requires review (false until its policy has loaded). */
export function useReviewRequired(envKey: string): boolean {
  const api = useApi();
  const policy = useResource(() => api.reviewPolicy(envKey), `review-policy|${envKey}`);
  return policy.data?.requireReview === true;
}

/**
 * The environments that require review, in the top bar's order (empty until loaded). A flag's
 * definition reaches all of them, so while any does it changes only through a change request there.
 */
export function useEnvironmentsRequiringReview(): string[] {
  const api = useApi();
  const { environments } = useEnvironments();
  const keys = environments.map((e) => e.key);
  const policies = useResource(() => Promise.all(keys.map((k) => api.reviewPolicy(k))), `review-policies|${keys.join(',')}`);
  return (policies.data ?? []).filter((p) => p.requireReview).map((p) => p.environment);
}
