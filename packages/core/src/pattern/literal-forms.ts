import type { PatternNode } from './pattern-ast';

/** A pattern that is only literal text, perhaps anchored: answered with string methods. */
export interface LiteralForm {
  readonly text: string;
  /** `^` before it. */
  readonly atStart: boolean;
  /** `$` after it. */
  readonly atEnd: boolean;
}

/** The items of a sequence, with plain groups (no quantifier) opened: `(?:ab)c` is `a b c`. */
function flatItems(node: PatternNode): PatternNode[] | null {
  switch (node.type) {
    case 'seq':
      return node.items.flatMap((item) => flatItems(item) ?? [item]);
    case 'group':
      return flatItems(node.body) ?? [node.body];
    case 'empty':
      return [];
    default:
      return null;
  }
}

/**
 * `node` as literal text with optional anchors (`abc`, `^/admin`, `@example\.com$`, `^beta$`), or
 * null when it is anything else. Such a pattern matches exactly when the input includes, starts
 * with, ends with or equals the text, which string methods answer in linear time.
 */
export function literalForm(node: PatternNode): LiteralForm | null {
  const items = flatItems(node) ?? [node];
  let start = 0;
  let end = items.length;
  const atStart = items[0]?.type === 'assert' && items[0].kind === 'start';
  if (atStart) start++;
  const last = items[end - 1];
  const atEnd = end > start && last?.type === 'assert' && last.kind === 'end';
  if (atEnd) end--;
  let text = '';
  for (let i = start; i < end; i++) {
    const item = items[i] as PatternNode;
    if (item.type !== 'char') return null;
    text += String.fromCodePoint(item.cp);
  }
  return { text, atStart, atEnd };
}

/** The top-level alternatives of a pattern (one when it has no top-level `|`). */
export function alternatives(node: PatternNode): readonly PatternNode[] {
  if (node.type === 'alt') return node.options;
  if (node.type === 'group') return alternatives(node.body);
  return [node];
}

/**
 * The literal text every match of `node` starts with, when it has one and nothing before it can
 * look behind the match's start (no `^` or `\b` first): the engine may then start at the first
 * place the input holds that text, since no match can start earlier. '' when there is none.
 */
export function leadingLiteral(node: PatternNode): string {
  if (node.type === 'alt') return '';
  const items = flatItems(node) ?? [node];
  let text = '';
  for (const item of items) {
    if (item.type !== 'char') break;
    text += String.fromCodePoint(item.cp);
  }
  return text;
}
