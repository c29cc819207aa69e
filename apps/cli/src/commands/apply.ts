import { basename } from 'node:path';
import { bool, str } from '../args';
import type { Command, CommandContext } from '../command';
import { EXIT, UsageError, CheckFailed } from '../errors';
import { executePlan } from '../declarative/execute-plan';
import { computePlan, serverProblems, type Plan } from '../declarative/plan';
import { plural } from '../format/table';
import { formatSavedPlan, parseSavedPlan } from '../declarative/plan-file';
import { inFileOrder, inspectFlagFile, type InspectedFlagFile } from '../declarative/read-flag-file';
import { renderPlan, summary } from '../declarative/render-plan';
import { readServerState } from '../declarative/server-state';
import { readInputFile, writeOutputFile } from './files';

export const applyCommand: Command = {
  path: ['apply'],
  summary: 'make an environment match a flag file: show the diff, then apply it through the API',
  options: {
    file: { type: 'string', short: 'f', value: 'FILE', description: 'the flag file (YAML or JSON)' },
    env: { type: 'string', value: 'ENV', description: "apply to this environment instead of the file's" },
    'dry-run': { type: 'boolean', description: 'show the diff, write nothing' },
    check: { type: 'boolean', description: 'like --dry-run, and exit 1 when there is a diff (drift alarms in CI)' },
    reason: { type: 'string', value: 'TEXT', description: 'recorded with every change (default: "switchyard apply -f FILE")' },
    prune: { type: 'boolean', description: 'also archive flags and delete segments that are not in the file' },
    force: { type: 'boolean', description: 'with --prune: archive flags that are not in the file even while they are killed (needs --reason; audited as a forced archive)' },
    'plan-out': { type: 'string', value: 'FILE', description: 'with --dry-run: save the plan, with the versions it was based on' },
    plan: { type: 'string', value: 'FILE', description: 'apply a saved plan exactly; anything changed since it was made is refused (409)' },
  },
  details: [
    'The whole plan is one request, applied all or nothing in one transaction: each change is one audit',
    'entry, made as the token\'s actor, based on the version read when the diff was computed (a concurrent',
    'edit refuses the whole plan with 409, nothing overwritten), and SDKs receive it as one version.',
    'Never touched: kill switches (a killed flag stays killed; --prune refuses to archive one without',
    '--force), migration stages, flags and segments absent from the file (unless --prune). Validation',
    'happens before anything is sent.',
  ].join('\n'),
  async run(ctx, input) {
    const file = str(input, 'file');
    const savedPlan = str(input, 'plan');
    const dryRun = bool(input, 'dry-run') || bool(input, 'check');
    if ((file === undefined) === (savedPlan === undefined)) throw new UsageError('give either -f FILE (a flag file) or --plan FILE (a saved plan)');
    if (str(input, 'plan-out') !== undefined && !dryRun) throw new UsageError('--plan-out saves the plan of a --dry-run: add --dry-run');
    if (bool(input, 'force') && !bool(input, 'prune')) throw new UsageError('--force goes with --prune: it archives flags that are killed');
    if (bool(input, 'force') && str(input, 'reason') === undefined) throw new UsageError('--force archives killed flags: say why with --reason');

    let plan: Plan;
    let source: string;
    let reason: string;
    if (file !== undefined) {
      const { text } = await readInputFile(ctx.io, file, '-f');
      const parsed = inspectFlagFile(text, file);
      if (parsed.problems.length > 0) await refuseFile(ctx, file, parsed, str(input, 'env'), bool(input, 'prune'));
      const env = str(input, 'env') ?? parsed.state.environment;
      if (env !== parsed.state.environment) ctx.note(`note: applying ${file} (written for "${parsed.state.environment}") to "${env}".`);
      const server = await readServerState(ctx.api(), env);
      plan = computePlan(parsed.state, server, { prune: bool(input, 'prune'), forceKilled: bool(input, 'force'), locate: parsed.locate });
      source = file;
      reason = str(input, 'reason') ?? `switchyard apply -f ${basename(file)}`;
    } else {
      if (bool(input, 'prune')) throw new UsageError('--prune is decided when the plan is made, not when it is applied');
      const { text } = await readInputFile(ctx.io, savedPlan!, '--plan');
      const saved = parseSavedPlan(text, savedPlan!);
      if (str(input, 'env') !== undefined && str(input, 'env') !== saved.environment)
        throw new UsageError(`${savedPlan} is a plan for "${saved.environment}", not "${str(input, 'env')}"`);
      plan = saved;
      source = `${savedPlan} (saved plan of ${saved.source})`;
      reason = str(input, 'reason') ?? saved.reason ?? `switchyard apply --plan ${basename(savedPlan!)}`;
    }

    if (!ctx.json) ctx.out(renderPlan(plan, source));
    const planOut = str(input, 'plan-out');
    if (planOut !== undefined) {
      const path = await writeOutputFile(ctx.io, planOut, formatSavedPlan(plan, source, str(input, 'reason') ?? null));
      ctx.note(`Saved the plan to ${path}: apply it with \`switchyard apply --plan ${planOut}\`.`);
    }
    const result = { environment: plan.environment, source, dryRun, changes: plan.changes, notes: plan.notes };
    if (dryRun || plan.changes.length === 0) {
      if (ctx.json) ctx.outJson({ ...result, applied: [] });
      else if (dryRun && plan.changes.length > 0) ctx.out('Dry run: nothing was changed.');
      if (bool(input, 'check') && plan.changes.length > 0) {
        if (ctx.json) return EXIT.refused;
        throw new CheckFailed(`drift: environment "${plan.environment}" differs from ${source} (${summary(plan)})`);
      }
      return;
    }
    await apply(ctx, plan, reason, result);
  },
};

async function apply(ctx: CommandContext, plan: Plan, reason: string, result: Record<string, unknown>): Promise<void> {
  if (!ctx.json) ctx.out('\nApplying, all or nothing…');
  let done;
  try {
    done = await executePlan(ctx.api(), plan, reason);
  } catch (e) {
    if (ctx.json) ctx.outJson({ ...result, applied: [], complete: false });
    else ctx.note(`Nothing was changed: the plan of ${plan.changes.length} changes applies whole or not at all. Re-run with --dry-run to see the environment as it is now.`);
    throw e;
  }
  const { applied, versions } = done;
  if (ctx.json) return ctx.outJson({ ...result, applied, versions, complete: true });
  for (const a of applied) ctx.out(`  done  ${a.op} ${a.key}`);
  const at = Object.entries(versions).map(([env, v]) => `${env} ${v}`).join(', ');
  ctx.out(`Applied ${applied.length} of ${plan.changes.length} changes to "${plan.environment}" as one version (${at}).`);
}

/**
 * Refuses a file with problems, listing all of them at once, in file order: its own (schema, text,
 * write-time checks) and, when the server can be read, what its valid entries do not fit there
 * (types fixed at creation, segment and prerequisite references). Only reads are sent.
 */
async function refuseFile(ctx: CommandContext, file: string, parsed: InspectedFlagFile, envOption: string | undefined, prune: boolean): Promise<never> {
  const env = envOption ?? parsed.state.environment;
  let issues = parsed.problems;
  let note = '';
  if (env !== '') {
    try {
      const server = await readServerState(ctx.api(), env);
      issues = inFileOrder([...issues, ...serverProblems(parsed.state, server, { prune, locate: parsed.locate })]);
    } catch (e) {
      note = ` (not checked against the server: ${e instanceof Error ? e.message : String(e)})`;
    }
  }
  throw new UsageError(`${file} is not a valid flag file: ${plural(issues.length, 'problem')}, nothing was changed${note}`, issues);
}
