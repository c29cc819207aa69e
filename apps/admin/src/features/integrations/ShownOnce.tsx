/** A secret the server shows once (a trigger URL, a signing secret), set apart with a copy hint. */
export function ShownOnce({ title, lines, onDismiss }: { title: string; lines: { label: string; value: string }[]; onDismiss: () => void }) {
  return (
    <div className="banner banner--info shown-once" role="status" data-testid="shown-once">
      <p className="banner__title">{title}</p>
      <p>Shown this once: only a hash of the URL is stored. Copy it now.</p>
      <dl className="shown-once__list">
        {lines.map((l) => (
          <div key={l.label}>
            <dt>{l.label}</dt>
            <dd>
              <code className="shown-once__value">{l.value}</code>
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" className="btn btn--sm" onClick={onDismiss}>
        I have copied it
      </button>
    </div>
  );
}
