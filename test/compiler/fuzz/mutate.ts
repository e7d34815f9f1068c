// Mutations of real specs for the compiler fuzz test: token deletion, insertion and duplication (tokens
// from the lexer, so edits land on token boundaries the way a typo or a bad merge does), byte flips in
// the UTF-8 encoding (which can make invalid UTF-8, NUL bytes or control characters) and truncation.
import fc from 'fast-check';
import { regsLexer } from '../../../compiler/syntax/tokens.js';

export type MutationKind = 'delete' | 'insert' | 'duplicate' | 'flip' | 'truncate';
export const MUTATION_KINDS: readonly MutationKind[] = ['delete', 'insert', 'duplicate', 'flip', 'truncate'];

export interface Mutation {
  readonly kind: MutationKind;
  /** Where (scaled to the text or token count) and what (a token index, a bit) — raw numbers. */
  readonly at: number;
  readonly what: number;
}

/** Words worth inserting: keywords, punctuation and values the grammar treats specially. */
const INSERTS = ['register', 'field', 'block', 'bar', 'device', 'import', 'const', 'enum', 'layout', 'ring', 'interrupts', 'cause', 'allow', 'reserved', 'stride', 'reset', 'volatile', 'word', '{', '}', '[', ']', '(', ')', ';', ':', '@', '=', ',', '.', '"', '/*', '//', '0', '-1', '0xffffffffffffffffffff', '1 / 0', 'na', 'w1c', 'rc', '64bit', '\u202e', '\ufeff', '\u0000', '\t', '\r\n'];

interface Tok {
  readonly start: number;
  readonly end: number;
}

function tokensOf(text: string): Tok[] {
  const r = regsLexer.tokenize(text);
  return r.tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));
}

export function applyMutation(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
  if (m.kind === 'flip') {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return text;
    bytes[m.at % bytes.length] ^= 1 << (m.what % 8);
    return bytes.toString('utf8');
  }
  const toks = tokensOf(text);
  if (toks.length === 0) return text + INSERTS[m.what % INSERTS.length]!;
  const t = toks[m.at % toks.length]!;
  if (m.kind === 'delete') return text.slice(0, t.start) + text.slice(t.end);
  if (m.kind === 'duplicate') return text.slice(0, t.end) + ' ' + text.slice(t.start, t.end) + text.slice(t.end);
  // insert: a token of the same text (plausible in context) or one of INSERTS
  const other = m.what % 2 === 0 ? toks[(m.what >> 1) % toks.length]! : undefined;
  const word = other ? text.slice(other.start, other.end) : INSERTS[(m.what >> 1) % INSERTS.length]!;
  return `${text.slice(0, t.start)}${word} ${text.slice(t.start)}`;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATION_KINDS),
  at: fc.nat(),
  what: fc.nat(),
});

/** One to three mutations, applied in order. */
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });
