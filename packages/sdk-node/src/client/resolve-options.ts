import type { BackoffOptions } from '@switchyard/core';
import { createConsoleLogger, safeLogger, type Logger } from '../platform/logger';
import { parseRuleSet, type LoadedRuleSet } from '../store/rule-set-input';
import { isTestData, type TestData } from '../test-data/test-data';
import type { ClientOptions } from './client-options';
import { SwitchyardConfigurationError } from './configuration-error';
import type { ClientMode } from './diagnostics';

/** Options checked and defaulted. */
export interface ResolvedOptions {
  mode: ClientMode;
  sdkKey: string;
  baseUrl: string;
  pollIntervalMs: number;
  bootstrap: LoadedRuleSet | undefined;
  testData: TestData | undefined;
  logger: Logger;
  /** Undefined: no counting. */
  summaries: { flushIntervalMs: number } | undefined;
  backoff: BackoffOptions;
  timeoutMs: number;
  /** Whether hot rules become generated code (the evaluator's `codegen` option). */
  codegen: boolean;
}

const KNOWN: ReadonlySet<string> = new Set<keyof ClientOptions>([
  'sdkKey',
  'baseUrl',
  'stream',
  'pollIntervalMs',
  'bootstrapFile',
  'bootstrap',
  'offline',
  'testData',
  'logger',
  'summaries',
  'reconnect',
  'timeoutMs',
  'codegen',
]);

const DEFAULTS = { pollIntervalMs: 30_000, flushIntervalMs: 60_000, timeoutMs: 10_000 } as const;

/**
 * Checks `createClient`'s options and fills in defaults. Throws a
 * {@link SwitchyardConfigurationError} naming every problem found. `readFile` reads the bootstrap
 * file (the platform's `fs`, injected).
 */
export function resolveOptions(options: ClientOptions, readFile: (path: string) => string): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new SwitchyardConfigurationError('createClient: options must be an object');
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) problem(`unknown option "${key}" (options are ${[...KNOWN].join(', ')})`);

  const testData = options.testData;
  if (testData !== undefined && !isTestData(testData)) problem('testData must come from createTestData()');
  if (testData !== undefined && (options.bootstrap !== undefined || options.bootstrapFile !== undefined))
    problem('testData cannot be combined with bootstrap or bootstrapFile: load the rule set with testData.setRuleSet()');
  if (options.bootstrap !== undefined && options.bootstrapFile !== undefined) problem('give bootstrap or bootstrapFile, not both');
  checkType(options, 'offline', 'boolean', problem);
  checkType(options, 'stream', 'boolean', problem);
  checkType(options, 'codegen', 'boolean', problem);
  const offline = options.offline === true;
  const needsServer = testData === undefined && !offline;

  const sdkKey = options.sdkKey;
  if (sdkKey !== undefined || needsServer) {
    if (typeof sdkKey !== 'string' || sdkKey.trim() === '') problem('sdkKey is required: a server SDK key (sys_…), unless offline or testData');
    else if (/\s/.test(sdkKey)) problem('sdkKey must not contain whitespace');
    else if (sdkKey.startsWith('syc_')) problem('sdkKey is a client key (syc_…), meant for browsers: the Node SDK needs a server key (sys_…)');
    else if (sdkKey.startsWith('sya_')) problem('sdkKey is an admin token (sya_…): the Node SDK needs a server SDK key (sys_…); never ship admin tokens');
  }
  const baseUrl = options.baseUrl;
  if (baseUrl !== undefined || needsServer) {
    if (typeof baseUrl !== 'string' || !isHttpUrl(baseUrl)) problem(`baseUrl must be an http(s) URL such as https://flags.example.com, got ${JSON.stringify(baseUrl)}`);
  }

  const pollIntervalMs = checkNumber(options, 'pollIntervalMs', 100, problem) ?? DEFAULTS.pollIntervalMs;
  const timeoutMs = checkNumber(options, 'timeoutMs', 1, problem) ?? DEFAULTS.timeoutMs;
  const backoff = checkBackoff(options.reconnect, problem);
  const summaries = checkSummaries(options.summaries, problem);
  const logger = checkLogger(options.logger, problem);
  const bootstrap = loadBootstrap(options, readFile, problem);

  if (problems.length > 0) throw new SwitchyardConfigurationError(`createClient: ${problems.join('; ')}`);
  const mode: ClientMode = testData !== undefined ? 'test-data' : offline ? 'offline' : options.stream === false ? 'polling' : 'stream';
  if (options.pollIntervalMs !== undefined && mode !== 'polling') logger.warn('pollIntervalMs is only used with stream: false; ignored');
  return {
    mode,
    sdkKey: typeof sdkKey === 'string' ? sdkKey : '',
    baseUrl: typeof baseUrl === 'string' ? baseUrl : '',
    pollIntervalMs,
    bootstrap,
    testData,
    logger,
    summaries: mode === 'stream' ? summaries : undefined,
    backoff,
    timeoutMs,
    codegen: options.codegen !== false,
  };
}

function checkType(options: ClientOptions, name: keyof ClientOptions, type: string, problem: (m: string) => void): void {
  const value = options[name];
  if (value !== undefined && typeof value !== type) problem(`${name} must be a ${type}`);
}

function checkNumber(source: object, name: string, min: number, problem: (m: string) => void): number | undefined {
  const value = (source as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    problem(`${name} must be a number of at least ${min}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

function checkBackoff(reconnect: ClientOptions['reconnect'], problem: (m: string) => void): BackoffOptions {
  if (reconnect === undefined) return {};
  if (reconnect === null || typeof reconnect !== 'object') {
    problem('reconnect must be an object such as { initialMs: 1000, maxMs: 60000 }');
    return {};
  }
  const initialMs = checkNumber(reconnect, 'initialMs', 1, (m) => problem(`reconnect.${m}`));
  const maxMs = checkNumber(reconnect, 'maxMs', 1, (m) => problem(`reconnect.${m}`));
  if (initialMs !== undefined && maxMs !== undefined && maxMs < initialMs) problem('reconnect.maxMs must not be below reconnect.initialMs');
  return { ...(initialMs !== undefined ? { initialMs } : {}), ...(maxMs !== undefined ? { maxMs } : {}) };
}

function checkSummaries(summaries: ClientOptions['summaries'], problem: (m: string) => void): { flushIntervalMs: number } | undefined {
  if (summaries === false) return undefined;
  if (summaries === undefined) return { flushIntervalMs: DEFAULTS.flushIntervalMs };
  if (summaries === null || typeof summaries !== 'object') {
    problem('summaries must be false or { flushIntervalMs }');
    return undefined;
  }
  return { flushIntervalMs: checkNumber(summaries, 'flushIntervalMs', 100, (m) => problem(`summaries.${m}`)) ?? DEFAULTS.flushIntervalMs };
}

function checkLogger(logger: Logger | undefined, problem: (m: string) => void): Logger {
  if (logger === undefined) return safeLogger(createConsoleLogger('warn'));
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (logger === null || typeof logger !== 'object' || methods.some((m) => typeof logger[m] !== 'function')) {
    problem('logger must have debug, info, warn and error methods');
    return safeLogger(createConsoleLogger('warn'));
  }
  return safeLogger(logger);
}

function loadBootstrap(options: ClientOptions, readFile: (path: string) => string, problem: (m: string) => void): LoadedRuleSet | undefined {
  let json: unknown = options.bootstrap;
  let from = 'bootstrap';
  if (options.bootstrapFile !== undefined) {
    from = `bootstrapFile ${JSON.stringify(options.bootstrapFile)}`;
    if (typeof options.bootstrapFile !== 'string' || options.bootstrapFile === '') {
      problem('bootstrapFile must be a file path');
      return undefined;
    }
    let text: string;
    try {
      text = readFile(options.bootstrapFile);
    } catch (error) {
      problem(`${from} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    try {
      json = JSON.parse(text);
    } catch {
      problem(`${from} is not valid JSON`);
      return undefined;
    }
  }
  if (json === undefined) return undefined;
  const parsed = parseRuleSet(json);
  if (!parsed.ok) {
    problem(`${from} is not a rule set as served by GET /sdk/v1/flags: ${parsed.message}`);
    return undefined;
  }
  return parsed.ruleSet;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
