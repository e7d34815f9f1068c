// A device: PCI identity, BARs (with their register maps), layouts, interrupts and rings.
import type { BarDecl, DeviceDecl, PciDecl } from '../syntax/ast.js';
import type { ResolveContext } from './context.js';
import { addAllows } from './allows.js';
import { resolveItems } from './registers.js';
import { resolveInterrupts } from './interrupts.js';
import { resolveLayout, resolveRing } from './layouts.js';
import { runtimeExpr } from './runtime.js';
import type { MBar, MDevice, MInterruptGroup, MPci, MRing } from '../model/model.js';

export const PCI_KEYS = ['vendor', 'device', 'subsystem_vendor', 'subsystem', 'class', 'revision'] as const;

function resolvePci(ctx: ResolveContext, decl: PciDecl): MPci {
  const values = [];
  for (const p of decl.properties) {
    if (!(PCI_KEYS as readonly string[]).includes(p.key.name)) {
      ctx.reporter.report('unknownPciKey', `unknown pci key '${p.key.name}'; expected one of ${PCI_KEYS.join(', ')}`, p.key.span);
      continue;
    }
    values.push({ key: p.key.name, keySpan: p.key.span, value: ctx.evaluator.number(p.value, p.key.name, 2 ** 32), valueSpan: p.value.span });
  }
  ctx.namespaces.push(values.map((v) => ({ what: 'pci key', name: v.key, nameSpan: v.keySpan })));
  return { span: decl.span, values };
}

function resolveBar(ctx: ResolveContext, b: BarDecl): MBar {
  addAllows(ctx.allows, ctx.reporter, b.allows, b.span, `BAR '${b.name.name}'`);
  let kind: MBar['kind'] = 'mmio';
  if (b.barKind.name === 'io') kind = 'io';
  else if (b.barKind.name !== 'mmio') {
    ctx.reporter.report('unknownBarKeyword', `unknown BAR kind '${b.barKind.name}'; expected mmio or io`, b.barKind.span);
  }
  let prefetchable = false;
  let is64 = false;
  for (const f of b.flags) {
    if (f.name === 'prefetchable') prefetchable = true;
    else if (f.name === '64bit') is64 = true;
    else {
      ctx.reporter.report('unknownBarKeyword', `unknown BAR flag '${f.name}'; expected prefetchable or 64bit`, f.span);
      continue;
    }
    if (kind === 'io') {
      // PCI I/O BARs are 32-bit and never prefetchable (PCI Local Bus spec, 6.2.5.1).
      ctx.reporter.report('ioBarFlag', `I/O BAR '${b.name.name}' cannot be ${f.name}; only memory (mmio) BARs are prefetchable or 64-bit`, f.span);
    }
  }
  return {
    index: ctx.evaluator.number(b.index, 'BAR index', 2 ** 31),
    indexSpan: b.index.span,
    name: b.name.name,
    nameSpan: b.name.span,
    span: b.span,
    kind,
    size: ctx.evaluator.number(b.size, 'BAR size'),
    sizeSpan: b.size.span,
    prefetchable,
    is64,
    doc: b.doc ?? '',
    nodes: b.items ? resolveItems(ctx, b.items, b.name.name) : undefined,
  };
}

export function resolveDevice(ctx: ResolveContext, d: DeviceDecl): MDevice {
  addAllows(ctx.allows, ctx.reporter, d.allows, d.span, `device '${d.name.name}'`);
  const bars = d.bars.map((b) => resolveBar(ctx, b));
  const layouts = d.layouts.map((l) => resolveLayout(ctx, l));
  const interrupts: MInterruptGroup[] = [];
  const rings: MRing[] = [];
  const device: MDevice = {
    name: d.name.name,
    nameSpan: d.name.span,
    span: d.span,
    doc: d.doc ?? '',
    pci: d.pci ? resolvePci(ctx, d.pci) : undefined,
    bars,
    interrupts,
    layouts,
    rings,
  };
  // Interrupts and rings name registers of the BARs above, so they come last.
  for (const i of d.interrupts) interrupts.push(resolveInterrupts(ctx, device, i));
  for (const r of d.rings) rings.push(resolveRing(ctx, device, r));
  // Run-time strides read registers of the BARs, so they are resolved once the BARs exist (only arrays
  // directly in a BAR: the check rule runtimeStrides reports one inside a block type).
  for (const bar of bars) {
    for (const n of bar.nodes ?? []) {
      const rs = n.array?.runtimeStride;
      if (rs && n.kind === 'register') rs.expr = runtimeExpr(ctx, device, rs.decl, `the stride of '${n.name}'`);
    }
  }
  ctx.namespaces.push(bars.map((b) => ({ what: 'BAR', name: b.name, nameSpan: b.nameSpan })));
  ctx.namespaces.push(interrupts.map((g) => ({ what: 'interrupt group', name: g.name, nameSpan: g.nameSpan })));
  ctx.namespaces.push(layouts.map((l) => ({ what: 'layout', name: l.name, nameSpan: l.nameSpan })));
  ctx.namespaces.push(rings.map((r) => ({ what: 'ring', name: r.name, nameSpan: r.nameSpan })));
  return device;
}
