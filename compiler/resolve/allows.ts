// `allow CODE "reason";` — a warning the spec's author has acknowledged. Resolving an element hands its
// allows here with the element's span (a device, BAR, block, register or field); each is checked now
// (only warnings can be allowed, and a reason is required) and kept on the model as data. After the
// rules have run, check/allows.ts moves the warnings each covers out of the report.
import { allCodes, codes, type CodeInfo } from '../diagnostics/codes.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { closest } from '../diagnostics/suggest.js';
import type { AllowDecl } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import type { MAllow } from '../model/model.js';

const byCode: ReadonlyMap<string, CodeInfo> = new Map(allCodes.map((c) => [c.code, c]));
/**
 * The warnings an allow may not name, and why: "unused allow" (remove the allow instead), "no device"
 * (a whole-file warning: an allow lives inside a device, so nothing could hold it) and what an export
 * cannot say (the IP-XACT and SVD back ends report it after allows apply, so an allow of it would only
 * ever be reported unused).
 */
const notAllowable: ReadonlyMap<string, string> = new Map([
  [codes.unusedAllow, 'remove the allow that suppresses nothing instead'],
  [codes.noDevice, 'it is about a file without a device, where no allow can stand'],
  [codes.enumByNotExported, 'the IP-XACT and SVD exports report it while they are written, after allows apply; leave ipxact and svd out of --emit not to see it'],
]);
const allowable: readonly string[] = allCodes.filter((c) => c.severity === 'warning' && !notAllowable.has(c.code)).map((c) => c.code);

/** The allows of one element: each is checked now, and appended to `out` when it names a warning. */
export function addAllows(out: MAllow[], reporter: Reporter, decls: readonly AllowDecl[] | undefined, scope: Span, owner: string): void {
  for (const decl of decls ?? []) {
    if (valid(reporter, decl)) out.push({ code: decl.code.name, reason: decl.reason, span: decl.span, scope, owner });
  }
}

function valid(reporter: Reporter, decl: AllowDecl): boolean {
  const code = decl.code.name;
  const info = byCode.get(code);
  let ok = false;
  if (!info) {
    reporter.report(
      'unknownAllowCode',
      `unknown diagnostic code '${code}' in allow; did you mean '${closest(code, allowable) ?? ''}'? (warnings that can be allowed: ${allowable.join(', ')})`,
      decl.code.span,
    );
  } else if (info.severity === 'error') {
    reporter.report('allowNotAllowable', `${code} (${info.title}) is an error, and errors cannot be allowed: fix the spec instead`, decl.code.span);
  } else if (notAllowable.has(code)) {
    reporter.report('allowNotAllowable', `${code} (${info.title}) cannot be allowed: ${notAllowable.get(code)!}`, decl.code.span);
  } else ok = true;
  if (!decl.reason.trim()) {
    reporter.report('allowWithoutReason', `allow ${code} has an empty reason; say why the warning is accepted`, decl.reasonSpan);
    ok = false;
  }
  return ok;
}
