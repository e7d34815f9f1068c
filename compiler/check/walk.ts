// The views of the model that rules iterate: scopes of nodes (BAR bodies, block types), every register,
// every layout, every enum. Each thing appears once, however often it is instantiated.
import type { MBar, MEnum, MLayout, MNode, MRegister, Model } from '../model/model.js';

export interface Scope {
  readonly kind: 'bar' | 'block';
  readonly name: string;
  readonly nodes: readonly MNode[];
  readonly bar: MBar | undefined;
}

export function scopesOf(model: Model): Scope[] {
  const out: Scope[] = [];
  for (const d of model.devices) for (const b of d.bars) if (b.nodes) out.push({ kind: 'bar', name: b.name, nodes: b.nodes, bar: b });
  for (const t of model.blockTypes) out.push({ kind: 'block', name: t.name, nodes: t.nodes, bar: undefined });
  return out;
}

export function layoutsOf(model: Model): MLayout[] {
  const set = new Set<MLayout>(model.layouts);
  for (const d of model.devices) for (const l of d.layouts) set.add(l);
  return [...set];
}

/** Device registers (not layout words). */
export function registersOf(model: Model): MRegister[] {
  const out: MRegister[] = [];
  for (const s of scopesOf(model)) for (const n of s.nodes) if (n.kind === 'register') out.push(n);
  return out;
}

/** Device registers and layout words. */
export function allRegistersOf(model: Model): MRegister[] {
  return [...registersOf(model), ...layoutsOf(model).flatMap((l) => [...l.words, ...l.variants.flatMap((v) => v.words)])];
}

export function enumsOf(model: Model): MEnum[] {
  const set = new Set<MEnum>(model.enums);
  for (const r of allRegistersOf(model)) for (const f of r.fields) if (f.enum) set.add(f.enum);
  return [...set];
}

