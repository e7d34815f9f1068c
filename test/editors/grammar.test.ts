// The VS Code TextMate grammar (editors/vscode/syntaxes/regs.tmLanguage.json), run by vscode-textmate
// over vscode-oniguruma exactly as VS Code runs it, against every token of every spec in specs/. Each
// token's kind comes from regmill's own lexer (and its position: a keyword starting a statement, the
// name after a declaring keyword, an access name …); the scope every kind must get is pinned below.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';
import type { IToken } from 'chevrotain';
import * as T from '../../compiler/syntax/tokens.js';
import { ACCESS_SHORTHANDS } from '../../compiler/resolve/access.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** The scope each kind of token must get (one of the scopes at the token's first character). */
const PINNED: Record<string, string> = {
  comment: 'comment.line.double-slash.regs',
  blockComment: 'comment.block.regs',
  string: 'string.quoted.double.regs',
  number: 'constant.numeric.regs',
  'keyword:device': 'keyword.declaration.device.regs',
  'keyword:bar': 'keyword.declaration.bar.regs',
  'keyword:register': 'keyword.declaration.register.regs',
  'keyword:word': 'keyword.declaration.register.regs',
  'keyword:field': 'keyword.declaration.field.regs',
  'keyword:block': 'keyword.declaration.type.regs',
  'keyword:enum': 'keyword.declaration.type.regs',
  'keyword:layout': 'keyword.declaration.type.regs',
  'keyword:interrupts': 'keyword.declaration.interrupt.regs',
  'keyword:cause': 'keyword.declaration.interrupt.regs',
  'keyword:ring': 'keyword.declaration.interrupt.regs',
  'keyword:const': 'keyword.declaration.const.regs',
  'keyword:import': 'keyword.declaration.regs',
  'keyword:pci': 'keyword.declaration.regs',
  'keyword:reserved': 'keyword.declaration.regs',
  'keyword:allow': 'keyword.other.allow.regs',
  setting: 'keyword.other.setting.regs',
  modifierKeyword: 'keyword.other.regs',
  'name:device': 'entity.name.namespace.device.regs',
  'name:bar': 'entity.name.namespace.bar.regs',
  'name:register': 'variable.other.register.regs',
  'name:field': 'variable.other.field.regs',
  'name:type': 'entity.name.type.regs',
  'name:interrupt': 'entity.name.function.regs',
  'name:const': 'variable.other.constant.regs',
  name: 'variable.other.name.regs',
  access: 'storage.modifier.access.regs',
  accessProperty: 'keyword.other.access-property.regs',
  constant: 'constant.language.regs',
  barKind: 'constant.language.bar-kind.regs',
  flag64: 'constant.language.flag.regs',
  code: 'constant.other.diagnostic-code.regs',
  braces: 'punctuation.section.braces.regs',
  brackets: 'punctuation.section.brackets.regs',
  parens: 'punctuation.section.parens.regs',
  semicolon: 'punctuation.terminator.statement.regs',
  separator: 'punctuation.separator.regs',
  operator: 'keyword.operator.regs',
};

const NAME_OF: Record<string, string> = {
  device: 'name:device', register: 'name:register', word: 'name:register', field: 'name:field', block: 'name:type', enum: 'name:type',
  layout: 'name:type', interrupts: 'name:interrupt', cause: 'name:interrupt', ring: 'name:interrupt', const: 'name:const',
};
const DECLARING = new Set(['device', 'bar', 'register', 'word', 'field', 'block', 'enum', 'layout', 'interrupts', 'cause', 'ring', 'const', 'import', 'pci', 'reserved', 'allow']);
const SETTINGS = new Set(['status', 'enable', 'mask', 'ring', 'ack', 'test', 'vector', 'count', 'tail', 'head', 'base_lo', 'base_hi', 'length', 'owner', 'done', 'align', 'doc']);
const MODIFIERS = new Set(['size', 'stride', 'volatile', 'reset', 'of', 'enum']);
const CONSTANTS = new Set(['prefetchable', 'msi', 'msix', 'intx', 'preserve', 'ones']);

/** The kind of a lexer token, from its type and the tokens before it. */
function kindOf(tokens: readonly IToken[], i: number): string {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  const prev2 = tokens[i - 2];
  const prev3 = tokens[i - 3];
  const type = t.tokenType;
  if (type === T.StringLiteral) return 'string';
  if (type === T.NumberLiteral) return 'number';
  if (type === T.Flag64) return 'flag64';
  if (type === T.SwEq || type === T.OnReadEq || type === T.OnWriteEq) return 'accessProperty';
  if (type === T.LCurly || type === T.RCurly) return 'braces';
  if (type === T.LBracket || type === T.RBracket) return 'brackets';
  if (type === T.LParen || type === T.RParen) return 'parens';
  if (type === T.Semicolon) return 'semicolon';
  if (type === T.Comma || type === T.Colon || type === T.Dot) return 'separator';
  if (!T.Identifier.categoryMatchesMap![type.tokenTypeIdx!] && type !== T.Identifier) return 'operator';
  const atStart = !prev || prev.tokenType === T.LCurly || prev.tokenType === T.RCurly || prev.tokenType === T.Semicolon;
  const word = t.image;
  const next = tokens[i + 1];
  const stmtStart = (k: number): boolean => k < 0 || [T.LCurly, T.RCurly, T.Semicolon].includes(tokens[k]!.tokenType);
  // A name right after the keyword that declares it (`register status`), the keyword starting its statement.
  if (prev && NAME_OF[prev.image] && stmtStart(i - 2)) return NAME_OF[prev.image]!;
  if (prev3?.image === 'bar' && (word === 'mmio' || word === 'io')) return 'barKind';
  if (prev2?.image === 'bar' && prev?.tokenType === T.NumberLiteral) return 'name:bar';
  if (prev?.image === 'allow') return 'code';
  // pci properties (`device = 0x7022`) are names even when they spell a keyword.
  if (next?.tokenType === T.Equals) return 'name';
  if (atStart && DECLARING.has(word)) return `keyword:${word}`;
  // A setting word with an operand after it is a keyword; in a path or before ';' it is a name.
  if (SETTINGS.has(word) && prev?.tokenType !== T.Dot && next && (T.Identifier.categoryMatchesMap![next.tokenType.tokenTypeIdx!] || next.tokenType === T.Identifier || next.tokenType === T.NumberLiteral || next.tokenType === T.StringLiteral)) return 'setting';
  // `enum by SELECTOR {`: a contextual keyword.
  if (word === 'by' && prev?.image === 'enum' && tokens[i + 2]?.tokenType === T.LCurly) return 'modifierKeyword';
  if (MODIFIERS.has(word)) return 'modifierKeyword';
  if (CONSTANTS.has(word)) return 'constant';
  if (ACCESS_SHORTHANDS.includes(word) || ((word === 'none' || word === 'clear' || word === 'set') && !(tokens[i + 1]?.tokenType === T.Dot))) return 'access';
  return 'name';
}

test('every token of every spec in specs/ gets its pinned scope', async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) =>
      scope === 'source.regs' ? vsctm.parseRawGrammar(readFileSync(path.join(root, 'editors/vscode/syntaxes/regs.tmLanguage.json'), 'utf8'), 'regs.tmLanguage.json') : null,
  });
  const grammar = (await registry.loadGrammar('source.regs'))!;
  const seen = new Map<string, number>();
  const wrong: string[] = [];
  for (const name of readdirSync(path.join(root, 'specs')).filter((f) => f.endsWith('.regs')).sort()) {
    const text = readFileSync(path.join(root, 'specs', name), 'utf8');
    const lines = text.split('\n');
    const lineStarts: number[] = [];
    let at = 0;
    for (const l of lines) {
      lineStarts.push(at);
      at += l.length + 1;
    }
    // Grammar scopes of every character, line by line.
    const scopeAt: string[][] = [];
    let stack = vsctm.INITIAL;
    for (const line of lines) {
      const r = grammar.tokenizeLine(line, stack);
      const perChar: string[] = [];
      for (const tok of r.tokens) for (let c = tok.startIndex; c < tok.endIndex; c++) perChar[c] = tok.scopes.join(' ');
      scopeAt.push(perChar);
      stack = r.ruleStack;
    }
    const scope = (offset: number): string => {
      let line = lineStarts.length - 1;
      while (lineStarts[line]! > offset) line--;
      return scopeAt[line]![offset - lineStarts[line]!] ?? 'source.regs';
    };
    const tokens = T.regsLexer.tokenize(text).tokens;
    const check = (kind: string, offset: number, image: string): void => {
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      const got = scope(offset);
      const want = PINNED[kind];
      if (!got.split(' ').includes(want!) && wrong.length < 30) wrong.push(`${name}:${text.slice(0, offset).split('\n').length}: '${image}' (${kind}) got ${got}, want ${want}`);
    };
    tokens.forEach((t, i) => check(kindOf(tokens, i), t.startOffset, t.image));
    // Comments: the text between tokens that is not white space.
    let prevEnd = 0;
    for (const t of [...tokens, { startOffset: text.length, image: '' } as IToken]) {
      const gap = text.slice(prevEnd, t.startOffset);
      for (const m of gap.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)) check(m[0].startsWith('//') ? 'comment' : 'blockComment', prevEnd + m.index!, m[0].slice(0, 12));
      prevEnd = t.startOffset + t.image.length;
    }
  }
  assert.equal(wrong, []);
  // The specs exercise (nearly) every pinned kind; a kind that vanished from them is reported here.
  const unused = Object.keys(PINNED).filter((k) => !seen.has(k));
  assert.equal(unused.filter((k) => !['blockComment', 'parens', 'keyword:const', 'keyword:import', 'name:const', 'keyword:word', 'flag64', 'code', 'keyword:allow'].includes(k)), [], `kinds no spec uses: ${unused}`);
});

test.run();
