// Run-time expressions: the parts of a spec that read the device when the BAR is bound — an array's
// stride (`stride 4 << cap.dstrd`, NVMe 1.4 section 3.1.1 CAP.DSTRD) and a ring's count bound
// (`count max cap.mqes + 1`). Constants fold; each register field becomes a reference the back ends
// read (one read of its register) before they use the value.
import type { Expr } from '../syntax/ast.js';
import type { ResolveContext } from './context.js';
import { resolvePath } from './paths.js';
import type { MDevice, MExpr } from '../model/model.js';

/** True when `expr` reads a register field somewhere. */
export function readsDevice(expr: Expr): boolean {
  switch (expr.kind) {
    case 'field':
      return true;
    case 'unary':
      return readsDevice(expr.operand);
    case 'binary':
      return readsDevice(expr.left) || readsDevice(expr.right);
    default:
      return false;
  }
}

/** `expr` with constants folded and fields resolved; undefined after reporting. */
export function runtimeExpr(ctx: ResolveContext, device: MDevice, expr: Expr, what: string): MExpr | undefined {
  if (!readsDevice(expr)) {
    const v = ctx.evaluator.evaluate(expr);
    return v === undefined ? undefined : { kind: 'const', value: v };
  }
  switch (expr.kind) {
    case 'field': {
      const ref = resolvePath(ctx, device, expr.path);
      if (!ref) return undefined;
      if (!ref.field) {
        ctx.reporter.report('runtimeRead', `${what} reads '${ref.path.join('.')}': name one field of it, e.g. ${ref.path.join('.')}.${ref.register.fields[0]?.name ?? 'FIELD'}`, expr.span);
        return undefined;
      }
      return { kind: 'field', ref, span: expr.span };
    }
    case 'unary': {
      const operand = runtimeExpr(ctx, device, expr.operand, what);
      return operand && { kind: 'unary', op: expr.op, operand };
    }
    case 'binary': {
      const left = runtimeExpr(ctx, device, expr.left, what);
      const right = runtimeExpr(ctx, device, expr.right, what);
      return left && right && { kind: 'binary', op: expr.op, left, right };
    }
    default:
      return undefined;
  }
}

/** The fields an expression reads, in order. */
export function fieldsOf(e: MExpr): Extract<MExpr, { kind: 'field' }>[] {
  if (e.kind === 'field') return [e];
  if (e.kind === 'unary') return fieldsOf(e.operand);
  if (e.kind === 'binary') return [...fieldsOf(e.left), ...fieldsOf(e.right)];
  return [];
}
