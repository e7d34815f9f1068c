// What every resolve step shares: where to report, how to evaluate, the symbol table, and the
// memo tables that make each top-level declaration resolved exactly once.
import type { Reporter } from '../diagnostics/reporter.js';
import type { BlockDecl, EnumDecl, LayoutDecl } from '../syntax/ast.js';
import type { Evaluator } from './evaluate.js';
import type { Symbols } from './symbols.js';
import type { MAllow, MBlockType, MDeclared, MEnum, MLayout } from '../model/model.js';

export interface ResolveContext {
  readonly reporter: Reporter;
  /** Every `allow` of the elements resolved, with the element it covers. */
  readonly allows: MAllow[];
  readonly evaluator: Evaluator;
  readonly symbols: Symbols;
  readonly blockTypes: Map<BlockDecl, MBlockType>;
  /** Every block type in creation order (top-level and inline). */
  readonly allBlockTypes: MBlockType[];
  readonly enums: Map<EnumDecl, MEnum>;
  readonly layouts: Map<LayoutDecl, MLayout>;
  /** Enum names handed out so far, so generated inline enum names never collide. */
  readonly enumNames: Set<string>;
  /** Every group of names that must be unique among themselves. */
  readonly namespaces: MDeclared[][];
}
