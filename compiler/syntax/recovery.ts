// chevrotain's error recovery, tuned for .regs: the base class of the parser (parser.ts).
// After an error chevrotain skips to the first token that may follow any rule on the stack. Words that
// start a top-level declaration (`enum`, `const`, …) also occur inside bodies (`field f [0] enum e;`),
// and re-syncing there unwinds to the file level: the rest of the device then reports a cascade of
// errors. Here such a word counts as a re-sync point only outside braces, unless an inner rule on the
// stack may be followed by it (`block` in a BAR body). The three overridden methods are chevrotain
// (v11) internals, not in its typings; the syntax tests pin the behaviour they give.
import type { IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';

const { EmbeddedActionsParser, EOF, tokenMatcher } = chevrotain;

/** The recovery internals this builds on. */
interface RecoveryInternals {
  flattenFollowSet(): TokenType[];
  buildFullFollowKeyStack(): unknown[];
  getFollowSetFromFollowKey(key: unknown): TokenType[] | undefined;
  SKIP_TOKEN(): IToken;
  tryInRepetitionRecovery(rule: unknown, args: unknown, lookahead: () => boolean, expected: TokenType): void;
  readonly RULE_STACK_IDX: number;
}

export abstract class RecoveringParser extends EmbeddedActionsParser {
  /** Brace depth of each top-level keyword, by offset; set by parse() with the input. */
  topLevelDepth: ReadonlyMap<number, number> = new Map();

  protected isStrayTopLevelWord(token: IToken, innerFollows: readonly TokenType[]): boolean {
    const depth = this.topLevelDepth.get(token.startOffset);
    if (depth === undefined || depth === 0) return false;
    for (const f of innerFollows) if (tokenMatcher(token, f)) return false;
    return true;
  }

  /** Follow sets of the rules below the outermost declaration (the file level excluded). */
  private innerFollows(): TokenType[] {
    const internals = this as unknown as RecoveryInternals;
    const keys = internals.buildFullFollowKeyStack();
    const out: TokenType[] = [];
    for (let i = 2; i < keys.length; i++) out.push(...(internals.getFollowSetFromFollowKey(keys[i]) ?? []));
    return out;
  }

  /** Overrides chevrotain's (recoverable trait): the first re-sync point that is not a stray top-level word. */
  findReSyncTokenType(): TokenType {
    const internals = this as unknown as RecoveryInternals;
    const all = internals.flattenFollowSet();
    const inner = this.innerFollows();
    for (let k = 1; ; k++) {
      const t = this.LA(k);
      if (t.tokenType === EOF) return EOF;
      for (const f of all) if (tokenMatcher(t, f) && !this.isStrayTopLevelWord(t, inner)) return f;
    }
  }

  /** Overrides chevrotain's: skips to that re-sync point (not to an earlier stray word of the same type). */
  reSyncTo(type: TokenType): IToken[] {
    const internals = this as unknown as RecoveryInternals;
    const inner = this.innerFollows();
    const skipped: IToken[] = [];
    let t = this.LA(1);
    while (!(tokenMatcher(t, type) && !this.isStrayTopLevelWord(t, inner)) && t.tokenType !== EOF) {
      t = internals.SKIP_TOKEN();
      if (t.tokenType !== EOF) skipped.push(t);
    }
    // As in chevrotain: the re-sync token itself is not part of the error.
    return skipped.slice(0, -1);
  }

  /**
   * Overrides chevrotain's: when junk at the file level is skipped, a top-level word inside braces does
   * not start a declaration (after a stray '}' closed a device early, its fields' `enum`s would).
   */
  tryInRepetitionRecovery(rule: unknown, args: unknown, lookahead: () => boolean, expected: TokenType): void {
    const internals = this as unknown as RecoveryInternals;
    const base = EmbeddedActionsParser.prototype as unknown as RecoveryInternals;
    const guarded =
      internals.RULE_STACK_IDX === 0
        ? function (this: RecoveringParser): boolean {
            return lookahead.call(this) && !this.isStrayTopLevelWord(this.LA(1), []);
          }
        : lookahead;
    base.tryInRepetitionRecovery.call(this, rule, args, guarded, expected);
  }
}
