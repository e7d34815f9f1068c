// AST → checked IR. Resolves names, constants and access into the model (reporting what cannot be
// resolved), runs the check rules over it, drops the warnings an `allow` acknowledges (listing them as
// suppressed), and builds the IR only when there is no error.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrSpec } from '../ir/ir.js';
import { Reporter } from '../diagnostics/reporter.js';
import { check } from '../check/check.js';
import { Allows, type SuppressedDiagnostic } from '../check/allows.js';
import { Symbols } from '../resolve/symbols.js';
import { Evaluator } from '../resolve/evaluate.js';
import type { LowerContext } from '../resolve/context.js';
import { topLevelEnum } from '../resolve/enums.js';
import { lowerBlockBody } from '../resolve/registers.js';
import { lowerLayout } from '../resolve/layouts.js';
import { lowerDevice } from '../resolve/devices.js';
import { computeBlockSizes } from '../resolve/sizes.js';
import { toIr } from './toIr.js';
import type { Model } from '../model/model.js';
import type { Program } from '../resolve/program.js';

export interface LowerOptions {
  /** Stop recording errors after this many (default 100). */
  readonly maxErrors?: number | undefined;
}

export interface LowerResult {
  /** Undefined when there were errors. */
  readonly ir?: IrSpec;
  /** Sorted by file (program order) and position; warnings an `allow` covers are not here. */
  readonly diagnostics: Diagnostic[];
  /** The warnings `allow` statements took out of `diagnostics`, with the allow that did it. */
  readonly suppressed: readonly SuppressedDiagnostic[];
  /** The resolved model (for tools and tests); present even with errors. */
  readonly model: Model;
}

export function lower(program: Program, options: LowerOptions = {}): LowerResult {
  const reporter = new Reporter(options.maxErrors ?? 100);
  const symbols = new Symbols(program, reporter);
  const evaluator = new Evaluator(symbols, reporter);
  const ctx: LowerContext = {
    reporter,
    allows: new Allows(reporter),
    evaluator,
    symbols,
    blockTypes: new Map(),
    allBlockTypes: [],
    enums: new Map(),
    layouts: new Map(),
    enumNames: new Set(),
    namespaces: [],
  };
  // Constants first (dependencies first, never deeply recursive), then top-level enums, so generated
  // inline enum names never take a declared name.
  evaluator.evaluateAll(symbols.all('constant'));
  const enums = symbols.all('enum').map((e) => topLevelEnum(ctx, e));
  for (const b of symbols.all('block')) lowerBlockBody(ctx, b);
  const layouts = symbols.all('layout').map((l) => lowerLayout(ctx, l));
  const main = program.files[0];
  const deviceDecls = main ? main.ast.items.filter((i) => i.kind === 'device') : [];
  const devices = deviceDecls.map((d) => lowerDevice(ctx, d));
  computeBlockSizes(ctx.allBlockTypes, reporter);

  const model: Model = {
    devices,
    blockTypes: ctx.allBlockTypes,
    layouts,
    enums,
    namespaces: [
      symbols.namespaces.constant,
      symbols.namespaces.enum,
      symbols.namespaces.block,
      symbols.namespaces.layout,
      devices.map((d) => ({ what: 'device', name: d.name, nameSpan: d.nameSpan })),
      ...ctx.namespaces,
    ],
  };
  check(model, reporter);
  const { reported, suppressed } = ctx.allows.apply(reporter.items);

  const order = new Map(program.files.map((f, i) => [f.path, i]));
  const diagnostics = reported.sort(
    (a, b) => (order.get(a.span.file) ?? 1e9) - (order.get(b.span.file) ?? 1e9) || a.span.start - b.span.start,
  );
  const ir = reporter.hasErrors ? undefined : toIr(model, program);
  return { ...(ir ? { ir } : {}), diagnostics, suppressed, model };
}
