// Run-time expressions (IrExpr: a stride or bound the device reports) as source text. The operators
// mean the same in TypeScript, AssemblyScript and C for the small non-negative values they compute;
// each back end says how a field is read (`field`).
import type { IrExpr, IrFieldRef } from '../../ir/ir.js';

/** Fully parenthesised code; `/` through `div` (TypeScript needs Math.trunc). */
export function exprCode(e: IrExpr, field: (ref: IrFieldRef) => string, div: (l: string, r: string) => string = (l, r) => `(${l} / ${r})`): string {
  switch (e.kind) {
    case 'const':
      return String(BigInt(e.value));
    case 'field':
      return field(e.ref);
    case 'unary':
      return `(${e.op}${exprCode(e.operand, field, div)})`;
    case 'binary': {
      const l = exprCode(e.left, field, div);
      const r = exprCode(e.right, field, div);
      return e.op === '/' ? div(l, r) : `(${l} ${e.op} ${r})`;
    }
  }
}

/** exprCode without the outermost parentheses (an argument), as prettier prints it. */
export function exprValue(e: IrExpr, field: (ref: IrFieldRef) => string, div?: (l: string, r: string) => string): string {
  const t = exprCode(e, field, div);
  return e.kind === 'binary' && e.op !== '/' ? t.slice(1, -1) : t;
}

/** The spec's text of a run-time expression, for messages and docs (`4 << cap.dstrd`). */
export function exprText(e: IrExpr): string {
  const sub = (x: IrExpr): string => (x.kind === 'binary' ? `(${exprText(x)})` : exprText(x));
  switch (e.kind) {
    case 'const':
      return String(BigInt(e.value));
    case 'field':
      return `${e.ref.path.join('.')}.${e.ref.field}`;
    case 'unary':
      return `${e.op}${sub(e.operand)}`;
    case 'binary':
      return `${sub(e.left)} ${e.op} ${sub(e.right)}`;
  }
}
