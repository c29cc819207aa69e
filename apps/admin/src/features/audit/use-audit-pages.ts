import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntry, AuditPage } from '../../api/types';

export interface AuditPages {
  items: AuditEntry[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** Pages through the audit log newest first; `key` names the filters (a new key starts over). */
export function useAuditPages(load: (before: number | undefined) => Promise<AuditPage>, key: string): AuditPages {
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const fetchPage = useCallback((before: number | undefined, append: boolean) => {
    const gen = generation.current;
    setLoading(true);
    loadRef.current(before).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((cur) => (append ? [...cur, ...page.items] : page.items));
        setNext(page.nextBefore);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, []);

  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    generation.current++;
    // New filters start from nothing; a refresh of the same ones keeps the list until the answer.
    if (lastKey.current !== key) {
      setItems([]);
      setNext(null);
    }
    lastKey.current = key;
    fetchPage(undefined, false);
  }, [key, tick, fetchPage]);

  return {
    items,
    loading,
    error,
    hasMore: next !== null,
    loadMore: () => next !== null && fetchPage(next, true),
    reload: () => setTick((t) => t + 1),
  };
}
