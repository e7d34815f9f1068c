// The CMSIS-SVD 1.3 back end: `<spec>.svd` for debuggers and svd2rust-style tools. SVD describes one
// address space with no BARs, so each BAR with registers gets an address range (shared/describe.ts);
// a top-level block instance is a peripheral (later instances of its type `derivedFrom` the first),
// a BAR's own registers are a peripheral named after the BAR, nested blocks are clusters, arrays are
// `dim` with `[%s]` names. SVD has no word for `volatile` or a self-clearing (`pulse`) bit: the first
// is left to the reader (the importer infers it from the access), the second is written oneToSet.
import type { Backend, BackendWarn } from '../backend.js';
import type { IrBlockType, IrDevice, IrField, IrNode, IrRegister } from '../../ir/ir.js';
import { el, hexOf, opt, renderXml, type XmlNode } from '../shared/xml.js';
import { ACCESS, barAddresses, describedFields, exportedDescription, MODIFIED_WRITE, READ_ACTION, registerBars } from '../shared/describe.js';

function dimGroup(node: IrNode): XmlNode[] {
  return node.array ? [el('dim', node.array.count), el('dimIncrement', hexOf(node.array.stride))] : [];
}

function nameOf(node: IrNode): string {
  return node.array ? `${node.name}[%s]` : node.name;
}

function fieldAccess(f: { sw: IrField['sw']; onWrite: IrField['onWrite']; onRead: IrField['onRead'] }): XmlNode[] {
  return [
    f.sw === 'na' ? undefined : el('access', ACCESS[f.sw]),
    f.onWrite === 'none' ? undefined : el('modifiedWriteValues', MODIFIED_WRITE[f.onWrite]),
    f.onRead === 'none' ? undefined : el('readAction', READ_ACTION[f.onRead]),
  ].filter((x): x is XmlNode => x !== undefined);
}

function field(d: IrDevice, f: IrField, warn: BackendWarn | undefined): XmlNode {
  const e = f.enum ? d.enums.find((x) => x.name === f.enum) : undefined;
  return el('field', [
    el('name', f.name),
    opt('description', exportedDescription(f, 'SVD', warn)),
    el('bitOffset', f.lsb),
    el('bitWidth', f.width),
    ...fieldAccess(f),
    e && e.values.length
      ? el(
          'enumeratedValues',
          e.values.map((v) => el('enumeratedValue', [el('name', v.name), opt('description', v.doc), el('value', hexOf(v.value))])),
        )
      : undefined,
  ]);
}

function register(d: IrDevice, r: IrRegister, warn: BackendWarn | undefined): XmlNode {
  const only = r.implicitField ? r.fields[0] : undefined;
  const fields = describedFields(r.fields);
  return el('register', [
    ...dimGroup(r),
    el('name', nameOf(r)),
    opt('description', r.doc),
    el('addressOffset', hexOf(r.offset)),
    el('size', r.width),
    ...(only ? fieldAccess(only).slice(0, 1) : [el('access', 'read-write')]),
    el('resetValue', hexOf(r.reset)),
    ...(only ? fieldAccess(only).slice(1) : []),
    !only && fields.length ? el('fields', fields.map((f) => field(d, f, warn))) : undefined,
  ]);
}

function items(d: IrDevice, nodes: readonly IrNode[], warn: BackendWarn | undefined): XmlNode[] {
  return nodes.map((n) => (n.kind === 'register' ? register(d, n, warn) : cluster(d, n.name, n, typeOf(d, n.type), warn)));
}

function cluster(d: IrDevice, _name: string, n: IrNode & { kind: 'block' }, t: IrBlockType, warn: BackendWarn | undefined): XmlNode {
  return el('cluster', [...dimGroup(n), el('name', nameOf(n)), el('description', n.doc || t.doc || n.name), el('addressOffset', hexOf(n.offset)), ...items(d, t.nodes, warn)]);
}

function typeOf(d: IrDevice, name: string): IrBlockType {
  const t = d.blockTypes.find((x) => x.name === name);
  if (!t) throw new Error(`IR names block type '${name}' but does not define it`);
  return t;
}

export function deviceSvd(d: IrDevice, warn?: BackendWarn): string {
  const bars = registerBars(d);
  const addresses = barAddresses(bars);
  const peripherals: XmlNode[] = [];
  bars.forEach((bar, i) => {
    const base = addresses[i]!;
    const own = bar.nodes.filter((n) => n.kind === 'register');
    if (own.length) {
      peripherals.push(el('peripheral', [el('name', bar.name), opt('description', bar.doc || `BAR ${bar.index}`), el('baseAddress', hexOf(base)), el('registers', items(d, own, warn))]));
    }
    const firstOfType = new Map<string, string>();
    for (const n of bar.nodes) {
      if (n.kind !== 'block') continue;
      const t = typeOf(d, n.type);
      const first = firstOfType.get(n.type);
      const head = [...dimGroup(n), el('name', nameOf(n)), opt('description', n.doc || t.doc)];
      if (first && !n.array) peripherals.push(el('peripheral', [...head, el('baseAddress', hexOf(base + n.offset))], { derivedFrom: first }));
      else {
        if (!n.array) firstOfType.set(n.type, n.name);
        peripherals.push(el('peripheral', [...head, el('baseAddress', hexOf(base + n.offset)), el('registers', items(d, t.nodes, warn))]));
      }
    }
  });
  return renderXml(
    el(
      'device',
      [
        el('name', d.name),
        el('version', '1.0'),
        el('description', d.doc || d.name),
        el('addressUnitBits', 8),
        el('width', 32),
        el('peripherals', peripherals),
      ],
      { schemaVersion: '1.3', 'xmlns:xs': 'http://www.w3.org/2001/XMLSchema-instance', 'xs:noNamespaceSchemaLocation': 'CMSIS-SVD.xsd' },
    ),
  );
}

export const svdBackend: Backend = {
  name: 'svd',
  async emit(ir, options) {
    const base = options.specName.replace(/^.*\//, '').replace(/\.regs$/, '');
    return ir.devices.map((d) => ({ path: ir.devices.length === 1 ? `${base}.svd` : `${base}.${d.name}.svd`, contents: deviceSvd(d, options.warn) }));
  },
};
