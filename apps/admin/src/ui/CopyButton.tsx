import { useState } from 'react';
import { Button } from './Button';

/** Copies `value` to the clipboard and says so ("Copied"); when the browser refuses, says to select it by hand. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <Button size="sm" onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" className="muted copy-button__status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy: select the text and copy it' : ''}
      </span>
    </>
  );
}
