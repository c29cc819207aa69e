import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';

/** One request per flag for the whole page, however many entries name it. */
const cache = new Map<string, Promise<string[] | undefined>>();

/**
 * The variation names of `flagKey` (for describing its config changes in words); undefined while
 * loading, when there is no flag, or when it cannot be read (then variations read "variation N").
 */
export function useVariationNames(flagKey: string | null): string[] | undefined {
  const api = useApi();
  const [names, setNames] = useState<string[] | undefined>(undefined);
  useEffect(() => {
    if (!flagKey) return;
    let live = true;
    let pending = cache.get(flagKey);
    if (!pending) {
      pending = api.flags.get(flagKey).then(
        (f) => f.variations.map((v) => v.name),
        () => undefined,
      );
      cache.set(flagKey, pending);
    }
    void pending.then((n) => live && setNames(n));
    return () => {
      live = false;
    };
  }, [api, flagKey]);
  return names;
}
