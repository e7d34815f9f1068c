// Hover text (Markdown) for a declaration: where a register sits (absolute offset in its BAR), its
// width, access with the side effects in words, reset, masks and the API the generators give it.
import type { IrRegister, IrSpec } from '../../compiler/ir/ir.js';
import type { MField, MRegister } from '../../compiler/model/model.js';
import { accessMeaning, operations } from '../../compiler/backends/docs/access.js';
import { accessLabel } from '../../compiler/backends/shared/access.js';
import { lineColOf, type Source } from '../../compiler/source/source.js';
import type { Decl, SymbolIndex } from './symbols.js';

const hex = (n: number | bigint, digits = 0): string => `0x${n.toString(16).padStart(digits, '0')}`;

/** IR registers by the `file:line:col` of their declaration (IR `at`), to find masks and ops. */
export function irRegisters(ir: IrSpec | undefined): Map<string, IrRegister> {
  const map = new Map<string, IrRegister>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'register' && o.masks && o.at) {
        const at = o.at as { file: string; line: number; col: number };
        map.set(`${at.file}:${at.line}:${at.col}`, o as unknown as IrRegister);
      }
      for (const k in o) if (k !== 'at' && typeof o[k] === 'object') walk(o[k]);
    }
  };
  walk(ir);
  return map;
}

export interface HoverContext {
  readonly index: SymbolIndex;
  readonly ir: Map<string, IrRegister>;
  readonly sourceOf: (file: string) => Source | undefined;
}

function irOf(ctx: HoverContext, r: MRegister): IrRegister | undefined {
  const src = ctx.sourceOf(r.span.file);
  if (!src) return undefined;
  const { line, col } = lineColOf(src, r.span.start);
  return ctx.ir.get(`${r.span.file}:${line}:${col}`);
}

function mask(f: MField): bigint | undefined {
  if (f.msb === undefined || f.lsb === undefined) return undefined;
  return ((1n << BigInt(f.msb - f.lsb + 1)) - 1n) << BigInt(f.lsb);
}

const bits = (f: MField): string => (f.msb === undefined ? '[?]' : f.msb === f.lsb ? `[${f.msb}]` : `[${f.msb}:${f.lsb}]`);

function where(ctx: HoverContext, r: MRegister): string[] {
  if (r.isWord) return [`DMA layout word at ${r.offset === undefined ? '?' : hex(r.offset)} of each entry`];
  const places = ctx.index.placements.get(r) ?? [];
  if (places.length === 0) return [`offset ${r.offset === undefined ? '?' : hex(r.offset)} in its block (the block is not placed in any BAR)`];
  const lines = places.slice(0, 4).map((p) => {
    const arrays = p.arrays.map((a) => `×${a.count ?? '?'} stride ${a.stride === undefined ? '?' : hex(a.stride)}`).join(', ');
    return `\`${p.device.name}\` BAR ${p.bar.index ?? '?'} \`${p.bar.name}\` + **${hex(p.offset)}** (\`${p.path}\`)${arrays ? ` — array ${arrays}` : ''}`;
  });
  if (places.length > 4) lines.push(`… and ${places.length - 4} more instances`);
  return lines;
}

function registerHover(ctx: HoverContext, r: MRegister): string {
  const ir = irOf(ctx, r);
  const width = r.width ?? 0;
  const digits = Math.max(1, Math.ceil(width / 4));
  const out: string[] = [`**${r.isWord ? 'word' : 'register'} ${r.name}** : ${r.width ?? '?'} bits${r.volatile ? ', volatile (hardware changes it)' : ''}`];
  if (r.doc) out.push('', r.doc);
  out.push('', ...where(ctx, r).map((l) => `- ${l}`));
  const accesses = [...new Set(r.fields.map((f) => accessLabel(f.access)))].join(', ');
  out.push(`- access: \`${accesses}\``);
  for (const f of r.fields) {
    if (r.implicitField) out.push(`  — ${accessMeaning({ ...f.access, volatile: f.volatile })}`);
  }
  if (ir) {
    out.push(`- reset: \`${ir.reset}\``);
    const m = ir.masks;
    out.push(`- masks: readable \`${m.readable}\`, writable \`${m.writable}\`${m.w1Effect !== '0x0' ? `, write-1 effects \`${m.w1Effect}\`` : ''}${m.readEffect !== '0x0' ? `, read side effects \`${m.readEffect}\`` : ''}`);
  } else {
    let reset = 0n;
    for (const f of r.fields) if (f.reset !== undefined && f.lsb !== undefined) reset |= f.reset << BigInt(f.lsb);
    out.push(`- reset: \`${hex(r.reset ?? reset, digits)}\``);
  }
  if (!r.implicitField && r.fields.length > 0) {
    out.push('', '| bits | field | access |', '|---|---|---|');
    for (const f of r.fields) out.push(`| ${bits(f)} | ${f.name} | ${accessLabel(f.access)} |`);
  }
  out.push('', `Generated API: ${ir ? operations(ir) : 'see the checked spec (fix the errors first)'}`);
  if (!r.isWord) {
    const place = ctx.index.placements.get(r)?.[0];
    if (place) {
      const dev = place.device.name;
      const ts = `${dev[0]!.toUpperCase()}${dev.slice(1).replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase())}`;
      out.push('', '```ts', `regs.${place.path.replace(/\./g, '.')} // on new ${ts}Regs(device.bar(${place.bar.index ?? 0}))`, '```');
      if (!place.path.includes('.')) out.push('```c', `${dev}_${r.name}_read(base) / ${dev}_${r.name}_write(base, v)`, '```');
    }
  }
  return out.join('\n');
}

function fieldHover(ctx: HoverContext, f: MField, r: MRegister): string {
  const m = mask(f);
  const out = [`**field ${r.name}.${f.name}** ${bits(f)}${m !== undefined ? ` — mask \`${hex(m)}\`` : ''}`];
  if (f.doc) out.push('', f.doc);
  out.push('', `- access: \`${accessLabel(f.access)}\` — ${accessMeaning({ ...f.access, volatile: f.volatile })}`);
  if (f.reset !== undefined) out.push(`- reset: \`${hex(f.reset)}\``);
  out.push(...where(ctx, r).map((l) => `- register at ${l}`));
  if (f.enum) out.push(`- enum${f.enum.inline ? '' : ` \`${f.enum.name}\``}: ${f.enum.values.map((v) => `\`${v.name}\` = ${v.value === undefined ? '?' : v.value}`).join(', ')}`);
  if (f.enumBy) out.push(`- enum by \`${f.enumBy.selector}\`: ${f.enumBy.cases.map((c) => `\`${c.key}\` → \`${c.enum?.name ?? '?'}\``).join(', ')}`);
  const readable = f.access.sw === 'rw' || f.access.sw === 'r';
  const writable = f.access.sw === 'rw' || f.access.sw === 'w';
  const api: string[] = [];
  if (readable) api.push(`\`read().${f.name}\``);
  if (writable) api.push(`\`write({ ${f.name}: … })\``);
  if (f.access.onWrite === 'w1c') api.push(`\`ack({ ${f.name}: true })\` (clears only this bit)`);
  out.push('', `Generated API on \`${r.name}\`: ${api.join(', ') || 'none (no software access)'}`);
  return out.join('\n');
}

export function hoverText(ctx: HoverContext, decl: Decl): string {
  const t = decl.target;
  switch (t.kind) {
    case 'register':
      return registerHover(ctx, t.register);
    case 'field':
      return fieldHover(ctx, t.field, t.register);
    case 'device':
      return `**device ${t.device.name}**${t.device.doc ? `\n\n${t.device.doc}` : ''}\n\n${t.device.bars.length} BARs, ${t.device.interrupts.length} interrupt groups, ${t.device.rings.length} rings`;
    case 'bar':
      return `**BAR ${t.bar.index ?? '?'} ${t.bar.name}**: ${t.bar.kind}, ${t.bar.size === undefined ? '?' : hex(t.bar.size)} bytes${t.bar.prefetchable ? ', prefetchable' : ''}${t.bar.is64 ? ', 64-bit' : ''}${t.bar.doc ? `\n\n${t.bar.doc}` : ''}${t.bar.nodes ? '' : '\n\nRaw memory (no register map).'}`;
    case 'blockInstance':
      return `**block ${t.node.name}** : ${t.node.type?.inline ? 'inline block' : `\`${t.node.type?.name ?? '?'}\``} @ ${t.node.offset === undefined ? '?' : hex(t.node.offset)}${t.node.type?.size !== undefined ? `, ${hex(t.node.type.size)} bytes` : ''}${t.node.array ? `, ×${t.node.array.count ?? '?'} stride ${t.node.array.stride === undefined ? '?' : hex(t.node.array.stride)}` : ''}${t.node.doc ? `\n\n${t.node.doc}` : ''}`;
    case 'blockType':
      return `**block ${t.type.name}**: ${t.type.nodes.length} registers/blocks, ${t.type.size === undefined ? '?' : hex(t.type.size)} bytes${t.type.doc ? `\n\n${t.type.doc}` : ''}`;
    case 'enum':
      return `**enum ${t.enum.name}**${t.enum.doc ? `\n\n${t.enum.doc}` : ''}\n\n${t.enum.values.map((v) => `- \`${v.name}\` = ${v.value === undefined ? '?' : hex(v.value)}${v.doc ? ` — ${v.doc}` : ''}`).join('\n')}`;
    case 'enumValue':
      return `**${t.enum.inline ? '' : `${t.enum.name}.`}${t.value.name}** = ${t.value.value === undefined ? '?' : `${t.value.value} (${hex(t.value.value)})`}${t.value.doc ? `\n\n${t.value.doc}` : ''}`;
    case 'layout':
      return `**layout ${t.layout.name}**: ${t.layout.size === undefined ? '?' : t.layout.size} bytes per entry${t.layout.align ? `, aligned to ${t.layout.align}` : ''}, words ${t.layout.words.map((w) => `\`${w.name}\``).join(', ')}${t.layout.doc ? `\n\n${t.layout.doc}` : ''}`;
    case 'interrupts':
      return `**interrupts ${t.group.name}**: causes ${t.group.causes.map((c) => `\`${c.name}\``).join(', ')}${t.group.mask ? `; one mask, set through \`${t.group.mask.set.path.join('.')}\`, cleared through \`${t.group.mask.clear.path.join('.')}\`` : ''}${t.group.doc ? `\n\n${t.group.doc}` : ''}`;
    case 'cause': {
      const c = t.cause;
      const ref = (r: { path: readonly string[]; field: MField | undefined } | undefined): string => (r ? `\`${[...r.path, ...(r.field ? [r.field.name] : [])].join('.')}\`` : '?');
      const ack = c.ack.kind === 'none' ? 'none' : c.ack.kind === 'write' ? `write ${ref(c.ack.ref)}` : `${c.ack.mode} ${ref(c.ack.ref)}`;
      const enable = c.enable.kind === 'field' ? ref(c.enable.ref) : c.enable.kind === 'setClear' ? `set ${ref(c.enable.set)} clear ${ref(c.enable.clear)}` : 'none';
      const status = c.statusless ? (c.statusless.ring ? `none: new entries in ring \`${c.statusless.ring.name}\`, on its vectors` : 'none: the vector is the cause') : ref(c.status);
      return `**cause ${t.group.name}.${c.name}**${c.doc ? `\n\n${c.doc}` : ''}\n\n- status ${status}\n- enable ${enable}\n- ack ${ack}\n- vector ${c.vector.kind}${c.vector.kind === 'intx' ? '' : ` ${c.vector.index}`}`;
    }
    case 'ring':
      return `**ring ${t.ring.name}** of \`${t.ring.layout?.name ?? '?'}\`, ${t.ring.count ?? '?'} entries${t.ring.doc ? `\n\n${t.ring.doc}` : ''}`;
    case 'constant':
      return `**const ${decl.name}**${t.value ? ` = ${t.value}` : ''}`;
    case 'file':
      return `**${t.file}**`;
  }
}
