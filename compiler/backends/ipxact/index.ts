// The IP-XACT (IEEE 1685-2014) back end: `<spec>.ipxact.xml`, a component with one memory map per
// BAR holding one address block the size of the BAR. Block instances are registerFiles (arrays: dim
// with the stride as range), registers keep their size, volatile, reset and per-field access,
// modifiedWriteValue and readAction. A register array whose stride is not its size (IP-XACT register
// arrays are contiguous) is a registerFile array of one register. A self-clearing (`pulse`) bit is
// oneToSet plus a regmill vendor extension saying so.
import type { Backend, BackendWarn } from '../backend.js';
import type { IrBlockType, IrDevice, IrField, IrNode, IrRegister } from '../../ir/ir.js';
import { el, hexOf, opt, renderXml, type XmlNode } from '../shared/xml.js';
import { ACCESS, describedFields, exportedDescription, MODIFIED_WRITE, READ_ACTION, registerBars } from '../shared/describe.js';

const NS = 'http://www.accellera.org/XMLSchema/IPXACT/1685-2014';
/** Namespace of regmill's vendor extensions. */
export const REGMILL_NS = 'https://github.com/regmill/regmill/ipxact';

const x = (name: string, content?: Parameters<typeof el>[1], attrs?: Record<string, string>): XmlNode => el(`ipxact:${name}`, content, attrs);
const xo = (name: string, text: string | undefined): XmlNode | undefined => opt(`ipxact:${name}`, text);

function field(d: IrDevice, f: IrField, warn: BackendWarn | undefined): XmlNode {
  const e = f.enum ? d.enums.find((v) => v.name === f.enum) : undefined;
  return x('field', [
    x('name', f.name),
    xo('description', exportedDescription(f, 'IP-XACT', warn)),
    x('bitOffset', f.lsb),
    x('resets', [x('reset', [x('value', hexOf(f.reset).replace(/^0x/, "'h"))])]),
    x('bitWidth', f.width),
    x('volatile', String(f.volatile)),
    f.sw === 'na' ? undefined : x('access', ACCESS[f.sw]),
    e && e.values.length ? x('enumeratedValues', e.values.map((v) => x('enumeratedValue', [x('name', v.name), xo('description', v.doc), x('value', hexOf(v.value).replace(/^0x/, "'h"))]))) : undefined,
    f.onWrite === 'none' ? undefined : x('modifiedWriteValue', MODIFIED_WRITE[f.onWrite]),
    f.onRead === 'none' ? undefined : x('readAction', READ_ACTION[f.onRead]),
    f.onWrite === 'pulse' ? x('vendorExtensions', [el('regmill:onWrite', 'pulse')]) : undefined,
  ]);
}

function register(d: IrDevice, r: IrRegister, warn: BackendWarn | undefined, offset: number, dim?: number): XmlNode {
  return x('register', [
    x('name', r.name),
    xo('description', r.doc),
    dim ? x('dim', dim) : undefined,
    x('addressOffset', hexOf(offset).replace(/^0x/, "'h")),
    x('size', r.width),
    x('volatile', String(r.volatile)),
    ...describedFields(r.fields).map((f) => field(d, f, warn)),
  ]);
}

function typeOf(d: IrDevice, name: string): IrBlockType {
  const t = d.blockTypes.find((b) => b.name === name);
  if (!t) throw new Error(`IR names block type '${name}' but does not define it`);
  return t;
}

function items(d: IrDevice, nodes: readonly IrNode[], warn: BackendWarn | undefined): XmlNode[] {
  return nodes.map((n): XmlNode => {
    if (n.kind === 'register') {
      if (!n.array) return register(d, n, warn, n.offset);
      if (n.array.stride === n.width / 8) return register(d, n, warn, n.offset, n.array.count);
      // A strided register array: a registerFile array (range = stride) of the one register.
      return x('registerFile', [x('name', n.name), x('dim', n.array.count), x('addressOffset', hexOf(n.offset).replace(/^0x/, "'h")), x('range', n.array.stride), register(d, { ...n, array: undefined } as IrRegister, warn, 0)]);
    }
    const t = typeOf(d, n.type);
    return x('registerFile', [
      x('name', n.name),
      xo('description', n.doc || t.doc),
      n.array ? x('dim', n.array.count) : undefined,
      x('addressOffset', hexOf(n.offset).replace(/^0x/, "'h")),
      x('range', n.array ? n.array.stride : Math.max(1, t.size)),
      ...items(d, t.nodes, warn),
    ]);
  });
}

export function deviceIpxact(d: IrDevice, warn?: BackendWarn): string {
  const maps = registerBars(d).map((bar) =>
    x('memoryMap', [
      x('name', bar.name),
      xo('description', bar.doc),
      x('addressBlock', [
        x('name', bar.name),
        xo('description', `BAR ${bar.index}`),
        x('baseAddress', 0),
        x('range', bar.size),
        x('width', Math.max(8, ...bar.nodes.map((n) => (n.kind === 'register' ? n.width : 32)))),
        x('usage', 'register'),
        ...items(d, bar.nodes, warn),
      ]),
      x('addressUnitBits', 8),
    ]),
  );
  return renderXml(
    x(
      'component',
      [x('vendor', 'regmill'), x('library', 'regmill'), x('name', d.name), x('version', '1.0'), maps.length ? x('memoryMaps', maps) : undefined, xo('description', d.doc)],
      {
        'xmlns:ipxact': NS,
        'xmlns:regmill': REGMILL_NS,
        'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        'xsi:schemaLocation': `${NS} ${NS}/index.xsd`,
      },
    ),
  );
}

export const ipxactBackend: Backend = {
  name: 'ipxact',
  async emit(ir, options) {
    const base = options.specName.replace(/^.*\//, '').replace(/\.regs$/, '');
    return ir.devices.map((d) => ({ path: ir.devices.length === 1 ? `${base}.ipxact.xml` : `${base}.${d.name}.ipxact.xml`, contents: deviceIpxact(d, options.warn) }));
  },
};
