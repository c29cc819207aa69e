import type { ClauseTrace, EvaluationTrace, RuleTrace, ServeTrace } from '@switchyard/core';
import { useId, useState, type FormEvent } from 'react';
import type { ExplainView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';

interface ExplainPanelProps {
  flagKey: string;
  envKey: string;
  envName: string;
}

const EXAMPLE = '{\n  "key": "user-1"\n}';

/** "Why did this user get this value?": paste a context, see every step of the evaluation as the SDKs run it. */
export function ExplainPanel({ flagKey, envKey, envName }: ExplainPanelProps) {
  const api = useApi();
  const uid = useId();
  const [text, setText] = useState(EXAMPLE);
  const [parseError, setParseError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<ExplainView | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let context: unknown;
    try {
      context = JSON.parse(text);
    } catch (err) {
      setParseError(`Not JSON: ${(err as Error).message}`);
      return;
    }
    if (typeof context !== 'object' || context === null || Array.isArray(context)) {
      setParseError('The context must be a JSON object, e.g. {"key": "user-1", "country": "NO"}.');
      return;
    }
    setParseError(null);
    setFailure(null);
    setBusy(true);
    try {
      setView(await api.configs.explain(flagKey, envKey, context as Record<string, unknown>));
    } catch (err) {
      setView(null);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="explain" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`} className="section-title">
        Explain an evaluation in {envName}
      </h2>
      <p className="muted small">Paste an evaluation context to see why it gets the value it gets: every step, evaluated by the same code as the SDKs, on the rules saved now.</p>
      <form onSubmit={submit} className="explain__form">
        <Field label="Context (JSON)" errors={parseError ? [parseError] : []} hint="Flat attributes; the key is key or targetingKey.">
          {(control) => (
            <textarea {...control} className="input input--mono explain__context" rows={4} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={busy}>
          Explain
        </Button>
      </form>
      <ErrorBanner error={failure} title="The server could not explain this context." />
      {view && <TraceView trace={view.trace} />}
    </section>
  );
}

function TraceView({ trace }: { trace: EvaluationTrace }) {
  const r = trace.result;
  return (
    <div className="explain__result" role="status" aria-live="polite">
      <p className="explain__verdict">
        Serves <strong>{r.variant !== undefined ? r.variant : 'the caller’s default'}</strong> <code>{JSON.stringify(r.value)}</code>, reason <code>{r.reason}</code>
        {r.errorCode ? (
          <>
            {' '}
            <code>{r.errorCode}</code>
          </>
        ) : null}
      </p>
      <p data-testid="explain-decision">Because {trace.decision.message}.</p>
      <TraceSteps trace={trace} />
    </div>
  );
}

function TraceSteps({ trace }: { trace: EvaluationTrace }) {
  if (!trace.found) return null;
  return (
    <ol className="explain__steps">
      <li>
        Kill switch: {trace.killed ? <strong>engaged</strong> : 'off'}. Flag {trace.enabled ? 'on' : 'off'}.
      </li>
      {trace.problem && <li>Cannot be evaluated: {trace.problem.message}</li>}
      {trace.prerequisites?.map((p) => (
        <li key={p.flag}>
          Prerequisite <code>{p.flag}</code> needs {p.requiredVariant ?? `variation ${p.requiredVariation}`}:{' '}
          {p.servedVariant !== null ? `served ${p.servedVariant}` : p.found ? (p.killed ? 'killed' : p.enabled ? 'served nothing' : 'off') : 'no such flag'} —{' '}
          <Verdict ok={p.met} yes="met" no="not met" />
          {p.note ? ` (${p.note})` : ''}
          {p.trace && <TraceSteps trace={p.trace} />}
        </li>
      ))}
      {trace.targets && (
        <li>
          Individual targets:{' '}
          {!trace.targets.configured ? 'none' : trace.targets.matched ? `key “${trace.targets.key}” → ${trace.targets.variant}` : `key ${trace.targets.key === null ? '(none)' : `“${trace.targets.key}”`} not listed`}
        </li>
      )}
      {trace.rules?.map((rule) => (
        <li key={rule.index}>
          <RuleStep rule={rule} />
        </li>
      ))}
      {trace.fallthrough && (
        <li>
          Fallthrough: <ServeText serve={trace.fallthrough} />
        </li>
      )}
    </ol>
  );
}

function RuleStep({ rule }: { rule: RuleTrace }) {
  const name = `Rule ${rule.index + 1}${rule.id !== undefined ? ` (${rule.id})` : ''}`;
  return (
    <>
      {name}: {rule.matched ? (rule.reached ? <Verdict ok yes="matched" no="" /> : 'would match, not reached') : <Verdict ok={false} yes="" no={`no match${rule.failedClause !== undefined ? ` (clause ${rule.failedClause + 1} failed)` : ''}`} />}
      {!rule.reached && !rule.matched ? ', not reached' : ''}
      {rule.clauses.length > 0 && (
        <div className="table-wrap explain__clauses">
          <table className="table">
            <caption className="sr-only">Clauses of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Clause</th>
                <th scope="col">Attribute</th>
                <th scope="col">Operator</th>
                <th scope="col">Values</th>
                <th scope="col">Seen</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {rule.clauses.map((c) => (
                <ClauseRowView key={c.index} clause={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rule.serve && (
        <div>
          Serves <ServeText serve={rule.serve} />
        </div>
      )}
    </>
  );
}

function ClauseRowView({ clause: c }: { clause: ClauseTrace }) {
  const seen = c.segments
    ? c.segments.map((s) => `${s.key}: ${s.member ? 'member' : 'not a member'} (${s.included ? 'key included' : s.excluded ? 'key excluded' : s.rules.some((r) => r.matched) ? 'a segment rule matched' : 'no segment rule matched'})`).join('; ')
    : c.missing
      ? 'missing'
      : JSON.stringify(c.seen);
  return (
    <tr>
      <td>{c.index + 1}</td>
      <td>
        <code>{c.op === 'segmentMatch' ? 'segment' : c.attribute}</code>
      </td>
      <td>
        {c.negate ? 'not ' : ''}
        {c.op}
      </td>
      <td>
        <code>{JSON.stringify(c.values)}</code>
        {c.valuesOmitted ? ` +${c.valuesOmitted} more` : ''}
      </td>
      <td>{seen}</td>
      <td>
        <Verdict ok={c.matched} yes="matched" no="no match" />
      </td>
    </tr>
  );
}

function ServeText({ serve }: { serve: ServeTrace }) {
  if (serve.kind === 'variation') return <strong>{serve.variant ?? `variation ${serve.variation}`}</strong>;
  const ranges = serve.ranges.map((r) => `${r.variant ?? r.variation} ${((r.to - r.from) / 1000).toFixed(1)}% [${r.from}, ${r.to})`).join(', ');
  if (serve.bucket === undefined) return <>a rollout by {serve.bucketBy}, which the context lacks ({ranges})</>;
  const chosen = serve.ranges[serve.chosen ?? 0];
  return (
    <>
      a rollout by {serve.bucketBy}: “{serve.input}” is in bucket {serve.bucket}, in {chosen?.variant}’s range [{chosen?.from}, {chosen?.to}) — ranges {ranges}
    </>
  );
}

function Verdict({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return <span className={`explain__verdict-chip ${ok ? 'explain__verdict-chip--ok' : 'explain__verdict-chip--no'}`}>{ok ? `✓ ${yes}` : `✗ ${no}`}</span>;
}
