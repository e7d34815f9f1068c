// Lays out an OutSpec as .regs text in the canonical style of compiler/format (`regmill fmt`): two-space
// indents, a doc string moved to a continuation line (two more spaces) when the line would pass 100
// columns, enum lists flat when they fit; plus lowercase hex with `_` every four digits and blank lines
// around declarations with bodies. The tests check that the formatter leaves this output unchanged.
import type { OutArray, OutBlock, OutEnumValue, OutField, OutItem, OutRegister, OutSpec } from './model.js';

const WIDTH = 100;

export function hex(n: number | bigint): string {
  const digits = n.toString(16);
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  return '0x' + groups.join('_');
}

export function quote(doc: string): string {
  return `"${doc.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `head "doc";` — the doc moves to a continuation line when the whole would be too long. */
function withDoc(indent: string, head: string, doc: string, end: string): string[] {
  if (!doc) return [indent + head + end];
  const one = `${indent}${head} ${quote(doc)}${end}`;
  if (one.length <= WIDTH) return [one];
  return [indent + head, `${indent}  ${quote(doc)}${end}`];
}

function arrayText(a: OutArray | undefined, defaultStride: number | undefined): { count: string; stride: string } {
  if (!a) return { count: '', stride: '' };
  return { count: `[${a.count}]`, stride: a.stride === defaultStride ? '' : ` stride ${hex(a.stride)}` };
}

function enumHead(v: OutEnumValue): string {
  return `${v.name} = ${v.value < 10n ? v.value.toString() : hex(v.value)}`;
}

function enumValue(v: OutEnumValue): string {
  return `${enumHead(v)}${v.doc ? ' ' + quote(v.doc) : ''}`;
}

/** Like the formatter: the enum list flat when it fits before the doc string (or `;`), else one value a line. */
function fieldLines(indent: string, f: OutField): string[] {
  const bits = f.msb === f.lsb ? `[${f.lsb}]` : `[${f.msb}:${f.lsb}]`;
  const head = `field ${f.name} ${bits}${f.access ? ' ' + f.access : ''}`;
  if (f.enumValues.length === 0) return withDoc(indent, head, f.doc, ';');
  const flat = `{ ${f.enumValues.map(enumValue).join(', ')} }`;
  const open = `${indent}${head} enum`;
  if (open.length + 1 + flat.length + (f.doc ? 0 : 1) <= WIDTH) return withDoc(indent, `${head} enum ${flat}`, f.doc, ';');
  // One value a line; like any declaration, a value's doc moves to a continuation line past 100 columns.
  return [`${open} {`, ...f.enumValues.flatMap((v) => withDoc(indent + '  ', enumHead(v), v.doc, ',')), ...withDoc(indent, '}', f.doc, ';')];
}

function comments(indent: string, cs: readonly string[]): string[] {
  return cs.map((c) => `${indent}// ${c}`);
}

function registerLines(indent: string, r: OutRegister): string[] {
  const { count, stride } = arrayText(r.array, r.width / 8);
  let head = `register ${r.name}${count} @ ${hex(r.offset)}${stride} : ${r.width} ${r.access}`;
  if (r.volatile) head += ' volatile';
  if (r.reset !== 0n) head += ` reset ${hex(r.reset)}`;
  const out = comments(indent, r.comments);
  if (r.fields.length === 0) return [...out, ...withDoc(indent, head, r.doc, ';')];
  out.push(...withDoc(indent, head, r.doc, ' {'));
  for (const f of r.fields) out.push(...fieldLines(indent + '  ', f));
  out.push(indent + '}');
  return out;
}

function blockLines(indent: string, b: OutBlock): string[] {
  const { count, stride } = arrayText(b.array, undefined);
  const head = `block ${b.name}${count} @ ${hex(b.offset)}${stride}`;
  const out = comments(indent, b.comments);
  if (b.type !== undefined) return [...out, ...withDoc(indent, `${head} : ${b.type}`, b.doc, ';')];
  out.push(...withDoc(indent, head, b.doc, ' {'));
  out.push(...itemLines(indent + '  ', b.items ?? []));
  out.push(indent + '}');
  return out;
}

function itemLines(indent: string, items: readonly OutItem[]): string[] {
  const out: string[] = [];
  let prevMulti = false;
  for (const item of items) {
    const lines = item.kind === 'register' ? registerLines(indent, item) : blockLines(indent, item);
    const multi = lines.length > 1;
    if (out.length > 0 && (multi || prevMulti)) out.push('');
    out.push(...lines);
    prevMulti = multi;
  }
  return out;
}

export function printSpec(spec: OutSpec): string {
  const out: string[] = [...comments('', spec.header), ''];
  for (const t of spec.blockTypes) {
    out.push(...comments('', t.comments));
    out.push(...withDoc('', `block ${t.name}`, t.doc, ' {'));
    out.push(...itemLines('  ', t.items));
    out.push('}', '');
  }
  const d = spec.device;
  out.push(...withDoc('', `device ${d.name}`, d.doc, ' {'));
  if (d.pci) out.push(`  pci { vendor = ${hex(d.pci.vendor)}; device = ${hex(d.pci.device)}; }`);
  for (const doc of d.docs) out.push(`  doc ${quote(doc)};`);
  for (const bar of d.bars) {
    out.push('');
    out.push(...withDoc('  ', `bar ${bar.index} ${bar.name} mmio size ${hex(bar.size)}`, bar.doc, ' {'));
    out.push(...itemLines('    ', bar.items));
    out.push('  }');
  }
  out.push('}', '');
  return out.join('\n');
}
