import { Document, isScalar, parse, visit } from 'yaml';
import type { FlagView } from '../http/api-types';
import { ordered, sortedStrings } from './canonical';
import type { FileFlag, FlagFile } from './flag-file-schema';
import { desiredConfigOf, desiredSegmentOf, type ServerState } from './server-state';

export type FileFormat = 'yaml' | 'json';

/** The order fields are written in, at every level: the definition first, targeting last. */
const FIELD_ORDER = [
  'environment', 'flags', 'segments',
  'key', 'name', 'description', 'type', 'owner', 'tags', 'expiresAt', 'variationType', 'variations', 'offVariation', 'clientSide', 'config',
  'enabled', 'targets', 'rules', 'fallthrough', 'prerequisites',
  'included', 'excluded',
  'id', 'clauses', 'serve', 'attribute', 'op', 'values', 'negate',
  'variation', 'weight', 'rollout', 'bucketBy', 'salt', 'flag', 'value',
];

/**
 * An environment's desired state as a flag file: live flags by key, segments by key, fields in a
 * fixed order, unordered lists (tags, target and segment keys) sorted — so that an export of an
 * unchanged environment is byte-for-byte the same, and a diff shows only what changed.
 * Kept out: versions, timestamps, archived flags, and kill state (a kill is an incident action:
 * applying a file never restores a killed flag).
 */
export function toFlagFile(state: ServerState): FlagFile {
  const flags = [...state.flags.values()].sort((a, b) => a.key.localeCompare(b.key)).map((f) => fileFlagOf(f, state.environment));
  const segments = [...state.segments.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((s) => {
      const d = desiredSegmentOf(s);
      return { ...d, included: sortedStrings(d.included), excluded: sortedStrings(d.excluded) };
    });
  return ordered({ environment: state.environment, flags, segments }, FIELD_ORDER);
}

function fileFlagOf(f: FlagView, environment: string): FileFlag {
  const definition = {
    key: f.key,
    name: f.name,
    description: f.description,
    type: f.type,
    owner: f.owner,
    tags: sortedStrings(f.tags),
    expiresAt: f.expiresAt,
    clientSide: f.clientSide,
  };
  if (f.type === 'migration') return definition;
  const config = f.environments[environment];
  return {
    ...definition,
    variationType: f.variationType,
    variations: f.variations,
    offVariation: f.offVariation,
    ...(config
      ? { config: { ...desiredConfigOf(config), targets: config.targets.map((t) => ({ variation: t.variation, values: sortedStrings(t.values) })) } }
      : {}),
  };
}

const HEADER = (env: string) =>
  [
    ` Switchyard flags of environment "${env}": desired state, written by \`switchyard export\`.`,
    ' Edit, review, then `switchyard apply -f <this file> --dry-run` and `switchyard apply -f <this file>`.',
    ' Not in this file: versions, timestamps, archived flags, and kill switches (a kill is an incident',
    ' action, never desired state: apply leaves kills alone). Migration flags have no config here:',
    ' their stage moves with `switchyard migration move`.',
  ].join('\n');

/**
 * Whether a YAML 1.1 reader (yamllint, PyYAML, many CI tools) would read this string as something
 * else — `off`, `yes`, `y`, a date, `1_000` — although YAML 1.2 (our parser) reads it as a string.
 */
function ambiguousIn11(value: string): boolean {
  if (value.length > 64 || value.includes('\n')) return false;
  try {
    return typeof parse(value, { version: '1.1' }) !== 'string';
  } catch {
    return false;
  }
}

/**
 * The file's text. YAML without line folding or anchors, so each change is one diff line; strings
 * another YAML reader could mistake for a boolean, number or date (a variation named `off`) quoted.
 */
export function formatFlagFile(file: FlagFile, format: FileFormat): string {
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  const doc = new Document(file, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && ambiguousIn11(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  doc.commentBefore = HEADER(file.environment);
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
