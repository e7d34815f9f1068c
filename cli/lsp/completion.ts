// Completion from the text before the cursor: the lexer finds which body the cursor is in (the word
// before each open `{`) and the statement typed so far; paths in interrupts and rings complete with the
// registers and fields of the device, `enum` with enum names, `of` with layouts, `:` of a block
// instance with block types, and anywhere else keywords and access names.
import type { IToken } from 'chevrotain';
import { regsLexer, keywords, LCurly, RCurly, Semicolon, Dot, LBracket, RBracket } from '../../compiler/syntax/tokens.js';
import { ACCESS_SHORTHANDS, PROPERTY_VALUES } from '../../compiler/resolve/access.js';
import type { MDevice } from '../../compiler/model/model.js';
import { nodesAfter, type SymbolIndex } from './symbols.js';

export type ItemKind = 'keyword' | 'access' | 'register' | 'block' | 'field' | 'bar' | 'enum' | 'layout' | 'blockType';

export interface Item {
  readonly label: string;
  readonly kind: ItemKind;
  readonly detail?: string;
}

const KEYWORDS = keywords.map((k) => String(k.PATTERN).replace(/^\/|\/$/g, ''));
/** Statement words in an interrupts/cause body and a ring body whose operand is a register path. */
const PATH_WORDS: Record<string, ReadonlySet<string>> = {
  interrupts: new Set(['status', 'enable', 'mask', 'set', 'clear', 'ack', 'test']),
  cause: new Set(['status', 'enable', 'set', 'clear', 'ack', 'test']),
  ring: new Set(['tail', 'head', 'base_lo', 'base_hi', 'length']),
};
const ACK_MODES = ['w1c', 'w0c', 'w1t', 'rc', 'none'];

/** The body the cursor is in (`device`, `bar`, `interrupts`, …) and the tokens of the statement so far. */
function context(text: string): { body: string; statement: IToken[]; afterDot: boolean } {
  const tokens = regsLexer.tokenize(text).tokens;
  const stack: string[] = [];
  let statement: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === LCurly) {
      stack.push(statement[0]?.image ?? '');
      statement = [];
    } else if (t.tokenType === RCurly) {
      stack.pop();
      statement = [];
    } else if (t.tokenType === Semicolon) {
      statement = [];
    } else {
      statement.push(t);
    }
  }
  // A word being typed right at the cursor is the thing to complete, not context.
  const last = statement[statement.length - 1];
  if (last && last.startOffset + last.image.length === text.length && last.tokenType !== Dot && /^[A-Za-z_]/.test(last.image)) statement = statement.slice(0, -1);
  const prev = statement[statement.length - 1];
  return { body: stack[stack.length - 1] ?? '', statement, afterDot: prev?.tokenType === Dot };
}

/** Names of the dotted path typed before the cursor (`rx.rdt.` → ['rx', 'rdt']). */
function dottedPrefix(statement: readonly IToken[]): string[] {
  const names: string[] = [];
  let i = statement.length - 1;
  while (i >= 1 && statement[i]!.tokenType === Dot) {
    let j = i - 1;
    if (statement[j]?.tokenType === RBracket) {
      while (j > 0 && statement[j]!.tokenType !== LBracket) j--;
      j--;
    }
    const name = statement[j];
    if (!name || !/^[A-Za-z_]/.test(name.image)) break;
    names.unshift(name.image);
    i = j - 1;
  }
  return names;
}

function pathItems(device: MDevice | undefined, names: readonly string[]): Item[] {
  if (!device) return [];
  const { nodes, fields, bars } = nodesAfter(device, names);
  const items: Item[] = [];
  for (const b of bars) items.push({ label: b.name, kind: 'bar', detail: `BAR ${b.index ?? '?'}` });
  for (const n of nodes) {
    if (n.kind === 'register') items.push({ label: n.name, kind: 'register', detail: `register @ 0x${(n.offset ?? 0).toString(16)} : ${n.width ?? '?'}` });
    else items.push({ label: n.name, kind: 'block', detail: `block ${n.type?.name ?? ''}` });
  }
  for (const f of fields) items.push({ label: f.name, kind: 'field', detail: f.msb === f.lsb ? `[${f.msb}]` : `[${f.msb}:${f.lsb}]` });
  return items;
}

export function complete(text: string, offset: number, file: string, index: SymbolIndex | undefined): Item[] {
  const before = text.slice(0, offset);
  const { body, statement, afterDot } = context(before);
  const head = statement[0]?.image;
  const prev = statement[statement.length - 1];
  const device = index?.deviceAt(file, offset);
  const decls = index?.declarations() ?? [];
  const named = (kind: 'enum' | 'layout' | 'blockType'): Item[] => decls.filter((d) => d.target.kind === kind).map((d) => ({ label: d.name, kind }));

  // Register paths in interrupts, causes and rings (also right after `enable set`/`clear`).
  const pathWords = PATH_WORDS[body];
  if (pathWords && head && pathWords.has(head) && statement.length >= 1) {
    if (afterDot) return pathItems(device, dottedPrefix(statement));
    const items = pathItems(device, []);
    if (head === 'ack' && statement.length === 1) items.push(...ACK_MODES.map((m): Item => ({ label: m, kind: 'access', detail: 'ack mode' })));
    if (head === 'enable' && statement.length === 1) items.push({ label: 'set', kind: 'keyword' });
    return items;
  }
  // Layout owner/done name a word and one of its fields.
  if (body === 'layout' && (head === 'owner' || head === 'done')) {
    const layout = decls.find((d) => d.target.kind === 'layout' && d.span.file === file && d.span.start <= offset && offset <= d.span.end);
    if (!layout || layout.target.kind !== 'layout') return [];
    const names = afterDot ? dottedPrefix(statement) : [];
    if (names.length === 0) return layout.target.layout.words.map((w) => ({ label: w.name, kind: 'register' }));
    const word = layout.target.layout.words.find((w) => w.name === names[0]);
    return (word?.fields ?? []).map((f) => ({ label: f.name, kind: 'field' }));
  }
  // After `enum`: an enum's name, or `by` (`enum by SELECTOR { KEY: ENUM }`); inside that list, after `KEY:`, an enum.
  if (prev?.image === 'enum' && statement.length > 1) return [...named('enum'), { label: 'by', kind: 'keyword', detail: 'enum by FIELD { KEY: ENUM, … }' }];
  if (body === 'field' && prev?.image === ':') return named('enum');
  if (prev?.image === 'of' && head === 'ring') return named('layout');
  if (head === 'block' && prev?.image === ':') return named('blockType');
  if (prev && /^(sw|onread|onwrite)[ \t]*=$/.test(prev.image)) {
    const key = prev.image.replace(/[ \t]*=$/, '') as keyof typeof PROPERTY_VALUES;
    return PROPERTY_VALUES[key].map((v) => ({ label: v, kind: 'access' }));
  }
  const items: Item[] = KEYWORDS.map((k) => ({ label: k, kind: 'keyword' }));
  // Access names make sense after a register or field header (`register x @ 0 : 32 ▌`, `field f [3] ▌`).
  if (head === 'register' || head === 'field' || head === 'word') {
    items.push(...ACCESS_SHORTHANDS.map((a): Item => ({ label: a, kind: 'access' })));
    items.push(...['sw=', 'onread=', 'onwrite='].map((a): Item => ({ label: a, kind: 'access' })));
  }
  return items;
}
