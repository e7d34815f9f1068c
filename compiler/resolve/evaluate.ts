// Constant expressions: arbitrary-precision integer arithmetic with C precedence (already in the AST),
// named constants evaluated on first use (any order, cycles reported), and conversion of results into
// the plain numbers offsets, sizes and counts need.
import type { Span } from '../source/source.js';
import { hex } from '../ir/bits.js';
import type { ConstDecl, Expr } from '../syntax/ast.js';
import type { Reporter } from '../diagnostics/reporter.js';
import type { Symbols } from './symbols.js';

/** Results wider than this are refused: no register, offset or mask needs more, and it bounds memory. */
const MAX_BITS = 256;
const LIMIT = 1n << BigInt(MAX_BITS);
/** evaluateAll() keeps real chains shallow; only a huge cycle could get this deep. */
const MAX_DEPTH = 500;


export class Evaluator {
  private readonly values = new Map<ConstDecl, bigint | undefined>();
  /** Constants being evaluated, outermost first (for the cycle message). */
  private readonly inProgress: ConstDecl[] = [];
  /** Names bound for the expression being evaluated (a ring array's index), ahead of the constants. */
  private readonly bindings = new Map<string, bigint>();
  /** While > 0, a register field in an expression counts as 0 (the smallest run-time stride). */
  private fieldsAsZero = 0;

  constructor(
    private readonly symbols: Symbols,
    private readonly reporter: Reporter,
  ) {}

  /** The value of `expr`, or undefined after reporting why it has none. */
  evaluate(expr: Expr): bigint | undefined {
    switch (expr.kind) {
      case 'number':
        return expr.value;
      case 'name': {
        const bound = this.bindings.get(expr.name);
        return bound !== undefined ? bound : this.constant(expr.name, expr.span);
      }
      case 'field':
        if (this.fieldsAsZero > 0) return 0n;
        this.reporter.report(
          'fieldNotConstant',
          `'${expr.path.parts.map((p) => p.name).join('.')}' is a register field; only an array stride or a ring's 'count max' may read the device (everything else is a constant)`,
          expr.span,
        );
        return undefined;
      case 'unary': {
        const v = this.evaluate(expr.operand);
        if (v === undefined) return undefined;
        return expr.op === '-' ? -v : ~v;
      }
      case 'binary': {
        const l = this.evaluate(expr.left);
        const r = this.evaluate(expr.right);
        if (l === undefined || r === undefined) return undefined;
        return this.binary(expr.op, l, r, expr.right.span, expr.span);
      }
    }
  }

  private binary(op: string, l: bigint, r: bigint, rightSpan: Span, span: Span): bigint | undefined {
    let v: bigint;
    switch (op) {
      case '+': v = l + r; break;
      case '-': v = l - r; break;
      case '*': v = l * r; break;
      case '/':
      case '%':
        if (r === 0n) {
          this.reporter.report('divisionByZero', `division by zero: the right operand of '${op}' is 0`, rightSpan);
          return undefined;
        }
        v = op === '/' ? l / r : l % r;
        break;
      case '<<':
      case '>>':
        if (r < 0n) {
          this.reporter.report('negativeValue', `negative shift count ${r}; shift by 0..${MAX_BITS}`, rightSpan);
          return undefined;
        }
        if (r > BigInt(MAX_BITS)) {
          if (op === '>>') return l < 0n ? -1n : 0n;
          this.reporter.report('valueTooLarge', `shift count ${r} is too large (at most ${MAX_BITS})`, rightSpan);
          return undefined;
        }
        v = op === '<<' ? l << r : l >> r;
        break;
      case '&': v = l & r; break;
      case '|': v = l | r; break;
      case '^': v = l ^ r; break;
      default:
        return undefined;
    }
    if (v >= LIMIT || v <= -LIMIT) {
      this.reporter.report('valueTooLarge', `value of this expression does not fit in ${MAX_BITS} bits`, span);
      return undefined;
    }
    return v;
  }

  private constant(name: string, at: Span): bigint | undefined {
    const decl = this.symbols.lookup('constant', name, at);
    if (!decl) return undefined;
    return this.valueOf(decl, at);
  }

  /** The value of a constant declaration (evaluated once; `at` is where a cycle is reported). */
  valueOf(decl: ConstDecl, at: Span = decl.name.span): bigint | undefined {
    const name = decl.name.name;
    if (this.values.has(decl)) return this.values.get(decl);
    const at0 = this.inProgress.indexOf(decl);
    if (at0 >= 0) {
      const chain = [...this.inProgress.slice(at0), decl].map((d) => d.name.name).join(' → ');
      this.reporter.report('constantCycle', `constant '${name}' is defined in terms of itself (${chain})`, at);
      return undefined;
    }
    if (this.inProgress.length >= MAX_DEPTH) {
      this.reporter.report('valueTooLarge', `constants nest more than ${MAX_DEPTH} deep here; simplify the chain of definitions`, at);
      return undefined;
    }
    this.inProgress.push(decl);
    const v = this.evaluate(decl.value);
    this.inProgress.pop();
    this.values.set(decl, v);
    return v;
  }

  /**
   * Evaluates every constant, dependencies first (an explicit-stack depth-first walk), so that a chain
   * of thousands of constants never recurses deeply: each evaluation finds its operands memoized.
   */
  evaluateAll(decls: readonly ConstDecl[]): void {
    const seen = new Set<ConstDecl>();
    for (const root of decls) {
      if (seen.has(root)) continue;
      seen.add(root);
      const stack = [{ decl: root, deps: this.dependencies(root), next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next < top.deps.length) {
          const d = top.deps[top.next++]!;
          if (!seen.has(d)) {
            seen.add(d);
            stack.push({ decl: d, deps: this.dependencies(d), next: 0 });
          }
          continue;
        }
        stack.pop();
        this.valueOf(top.decl);
      }
    }
  }

  private dependencies(decl: ConstDecl): ConstDecl[] {
    const out: ConstDecl[] = [];
    const walk = (e: Expr): void => {
      if (e.kind === 'name') {
        const d = this.symbols.find('constant', e.name, e.span);
        if (d) out.push(d);
      } else if (e.kind === 'unary') walk(e.operand);
      else if (e.kind === 'binary') {
        walk(e.left);
        walk(e.right);
      }
    };
    walk(decl.value);
    return out;
  }

  /** `fn()` with `name` bound to `value` (a ring array's index, e.g. `y` in `doorbell[2 * y]`). */
  withBinding<T>(name: string, value: bigint, fn: () => T): T {
    const before = this.bindings.get(name);
    this.bindings.set(name, value);
    try {
      return fn();
    } finally {
      if (before === undefined) this.bindings.delete(name);
      else this.bindings.set(name, before);
    }
  }

  /** `fn()` with every register field reading 0: the value a run-time expression has at its smallest. */
  withFieldsZero<T>(fn: () => T): T {
    this.fieldsAsZero++;
    try {
      return fn();
    } finally {
      this.fieldsAsZero--;
    }
  }

  /** A non-negative integer as a bigint (reset values, enum values, masks). */
  natural(expr: Expr, what: string): bigint | undefined {
    const v = this.evaluate(expr);
    if (v === undefined) return undefined;
    if (v < 0n) {
      this.reporter.report('negativeValue', `${what} is negative (${v}); it must be 0 or more`, expr.span);
      return undefined;
    }
    return v;
  }

  /** A non-negative integer no larger than `max`, as a number (offsets, sizes, counts, bit positions). */
  number(expr: Expr, what: string, max: number = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.natural(expr, what);
    if (v === undefined) return undefined;
    if (v > BigInt(max)) {
      this.reporter.report('valueTooLarge', `${what} ${hex(v)} is too large (at most ${hex(BigInt(max))})`, expr.span);
      return undefined;
    }
    return Number(v);
  }
}
