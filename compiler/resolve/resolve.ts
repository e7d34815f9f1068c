// AST → model: resolves names, constants and access into the model, reporting what cannot be resolved.
// Constants first (dependencies first, never deeply recursive), then top-level enums, so generated
// inline enum names never take a declared name; then block types, layouts, the main file's devices,
// and block sizes. Arrays are never expanded; block types are resolved once and shared.
import type { Reporter } from '../diagnostics/reporter.js';
import { Symbols } from './symbols.js';
import { Evaluator } from './evaluate.js';
import type { ResolveContext } from './context.js';
import { topLevelEnum } from './enums.js';
import { resolveBlockBody } from './registers.js';
import { resolveLayout } from './layouts.js';
import { resolveDevice } from './devices.js';
import { computeBlockSizes } from './sizes.js';
import type { Model } from '../model/model.js';
import type { Program } from './program.js';

export function resolve(program: Program, reporter: Reporter): Model {
  const symbols = new Symbols(program, reporter);
  const evaluator = new Evaluator(symbols, reporter);
  const ctx: ResolveContext = {
    reporter,
    allows: [],
    evaluator,
    symbols,
    blockTypes: new Map(),
    allBlockTypes: [],
    enums: new Map(),
    layouts: new Map(),
    enumNames: new Set(),
    namespaces: [],
  };
  evaluator.evaluateAll(symbols.all('constant'));
  const enums = symbols.all('enum').map((e) => topLevelEnum(ctx, e));
  for (const b of symbols.all('block')) resolveBlockBody(ctx, b);
  const layouts = symbols.all('layout').map((l) => resolveLayout(ctx, l));
  const main = program.files[0];
  const deviceDecls = main ? main.ast.items.filter((i) => i.kind === 'device') : [];
  const devices = deviceDecls.map((d) => resolveDevice(ctx, d));
  computeBlockSizes(ctx.allBlockTypes, reporter);

  return {
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
    allows: ctx.allows,
  };
}
