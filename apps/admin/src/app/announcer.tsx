import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

type Tone = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  message: string;
  tone: Tone;
}

const AnnounceContext = createContext<(message: string, tone?: Tone) => void>(() => {});

/**
 * Announces outcomes ("Killed in Production") to screen readers through live regions and shows
 * them as toasts. Errors go to an assertive region, the rest to a polite one.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const announce = useCallback((message: string, tone: Tone = 'success') => {
    const id = next.current++;
    setToasts((t) => [...t.slice(-3), { id, message, tone }]);
    window.setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), tone === 'error' ? 9000 : 5000);
  }, []);

  const polite = toasts.filter((t) => t.tone !== 'error');
  const assertive = toasts.filter((t) => t.tone === 'error');
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite">
          {polite.map((t) => (
            <p key={t.id} className={`toast toast--${t.tone}`}>
              {t.message}
            </p>
          ))}
        </div>
        <div role="alert" aria-live="assertive">
          {assertive.map((t) => (
            <p key={t.id} className="toast toast--error">
              {t.message}
            </p>
          ))}
        </div>
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce() {
  return useContext(AnnounceContext);
}
