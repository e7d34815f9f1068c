// Every spec in specs/ compiles with no errors and no warnings (the warnings listed below are
// acknowledged in the spec with `allow`, and are exactly what it reports without them), its emitted
// `<spec>.ir.json` is valid against compiler/ir/schema.json, and the IR says what the device's sources
// say (QEMU hw/misc/edu.c, hw/misc/ivshmem.c, hw/net/e1000e*.c, Linux e1000e, Xilinx PG079/PG144).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compile, type CompileResult } from '../../../compiler/compile.js';
import type { IrBar, IrDevice, IrField, IrNode, IrRegister, IrSpec } from '../../../compiler/ir/ir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(`${root}compiler/ir/schema.json`, 'utf8')) as object);

/**
 * Warnings a spec acknowledges with `allow`, each with the reason it is the hardware's shape and not a
 * spec bug. With its allow items removed, a spec must report exactly these: a warning not listed here
 * fails the test, and so does a listed one that no longer appears.
 */
const ACCEPTED_WARNINGS: Record<string, readonly { code: string; mentions: string; why: string }[]> = {
  'axi-timer.regs': [
    { code: 'RM0414', mentions: "'tcsr0'", why: 'PG079 puts T0INT (w1c) in the control register; modify() writes 0 there, which is right' },
    { code: 'RM0414', mentions: "'tcsr1'", why: 'the same for T1INT in TCSR1' },
  ],
  'e1000e.regs': [
    { code: 'RM0415', mentions: "'data'", why: 'MDIC.DATA is written by software (PHY write) and by the device (PHY read result); MDIC is written whole' },
  ],
};

const specFiles = readdirSync(`${root}specs`)
  .filter((f) => f.endsWith('.regs'))
  .sort();

const results = new Map<string, Promise<CompileResult>>();
/** Compiles a spec once (IR back end only) and shares the result between tests. */
function compiled(file: string): Promise<CompileResult> {
  let r = results.get(file);
  if (!r) {
    r = compile({ path: `${root}specs/${file}` }, { emit: ['ir'] });
    results.set(file, r);
  }
  return r;
}

async function deviceOf(file: string): Promise<IrDevice> {
  const r = await compiled(file);
  assert.ok(r.ok, r.format());
  return r.ir!.devices[0]!;
}

function barOf(d: IrDevice, index: number): IrBar {
  const b = d.bars.find((x) => x.index === index);
  assert.ok(b, `${d.name} has BAR${index}`);
  return b;
}

/** A register by path from BAR0 (`['stats', 'mpc']` goes through a block instance). */
function reg(d: IrDevice, ...path: string[]): IrRegister & { absolute: number } {
  let nodes: readonly IrNode[] = barOf(d, 0).nodes;
  let base = 0;
  for (let i = 0; i < path.length; i++) {
    const n = nodes.find((x) => x.name === path[i]);
    assert.ok(n, `${d.name}: no ${path.slice(0, i + 1).join('.')}`);
    if (n.kind === 'register') {
      assert.is(i, path.length - 1, `${path.join('.')}: ${n.name} is a register`);
      return { ...n, absolute: base + n.offset };
    }
    base += n.offset;
    const type = d.blockTypes.find((t) => t.name === n.type);
    assert.ok(type, `block type ${n.type}`);
    nodes = type.nodes;
  }
  throw new Error(`${path.join('.')} is a block, not a register`);
}

function fieldOf(r: IrRegister, name: string): IrField {
  const f = r.fields.find((x) => x.name === name);
  assert.ok(f, `${r.name}.${name}`);
  return f;
}

const bits = (f: IrField): string => (f.width === 1 ? `[${f.lsb}]` : `[${f.lsb + f.width - 1}:${f.lsb}]`);
const access = (f: IrField): string => `${f.sw}/${f.onRead}/${f.onWrite}`;

test('specs/ holds the six device specs, each described in docs/specs.md', () => {
  assert.equal(specFiles, ['axi-gpio.regs', 'axi-timer.regs', 'e1000e.regs', 'edu.regs', 'ivshmem.regs', 'nvme.regs']);
  const doc = readFileSync(`${root}docs/specs.md`, 'utf8');
  for (const file of specFiles) assert.ok(doc.includes(`\`${file}\``), `docs/specs.md lists ${file}`);
});

for (const file of specFiles) {
  test(`${file}: compiles with no diagnostics; without its allow items, exactly the accepted warnings`, async () => {
    assert.equal((await compiled(file)).diagnostics, [], (await compiled(file)).format());
    const text = readFileSync(`${root}specs/${file}`, 'utf8').replace(/^[ \t]*allow .*\n/gm, '');
    const r = await compile({ text, file: `specs/${file}` }, { emit: [] });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.is(errors.length, 0, r.format());
    const accepted = ACCEPTED_WARNINGS[file] ?? [];
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
    for (const w of warnings) {
      assert.ok(accepted.some((a) => a.code === w.code && w.message.includes(a.mentions)), `unexpected warning:\n${r.format()}`);
    }
    for (const a of accepted) {
      assert.ok(warnings.some((w) => w.code === a.code && w.message.includes(a.mentions)), `${a.code} ${a.mentions} is listed as accepted but no longer reported`);
    }
    assert.is(r.diagnostics.length, warnings.length, 'only warnings');
  });

  test(`${file}: the emitted IR JSON is valid against schema.json and equals the IR`, async () => {
    const r = await compiled(file);
    assert.ok(r.ok, r.format());
    assert.equal(r.files.map((f) => f.path), [file.replace(/\.regs$/, '.ir.json')]);
    const json = JSON.parse(String(r.files[0]!.contents)) as IrSpec;
    const ok = validate(json);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(json, r.ir);
    assert.is(json.devices.length, 1);
    assert.ok(json.source.endsWith(`specs/${file}`), json.source);
  });
}

test('edu: identity, BAR0 and the 32-bit / 64-bit split at 0x80 (edu.c edu_mmio_read)', async () => {
  const d = await deviceOf('edu.regs');
  assert.equal(d.pci, { vendor: 0x1234, device: 0x11e8, subsystemVendor: 0x1af4, subsystem: 0x1100, class: 0x00ff00, revision: 0x10 });
  const bar0 = barOf(d, 0);
  assert.equal([bar0.kind, bar0.size, bar0.is64, bar0.prefetchable, bar0.hasRegisters], ['mmio', 1 << 20, false, false, true]);
  const layout = bar0.nodes.map((n) => (n.kind === 'register' ? `${n.name}@${n.offset.toString(16)}:${n.width}` : n.name));
  assert.equal(layout.sort(), [
    'dma_cmd@98:64', 'dma_count@90:64', 'dma_dst@88:64', 'dma_src@80:64', 'factorial@8:32', 'ident@0:32',
    'irq_ack@64:32', 'irq_raise@60:32', 'irq_status@24:32', 'liveness@4:32', 'status@20:32',
  ]);
  for (const n of bar0.nodes) if (n.kind === 'register') assert.is(n.width, n.offset < 0x80 ? 32 : 64, n.name);
});

test('edu: register semantics (ident 0x010000ed ro, status bits, DMA command)', async () => {
  const d = await deviceOf('edu.regs');
  const ident = reg(d, 'ident');
  assert.is(ident.reset, '0x10000ed');
  assert.equal([ident.ops.read, ident.ops.write], [true, false]);
  assert.equal(['magic', 'minor', 'major'].map((n) => [bits(fieldOf(ident, n)), fieldOf(ident, n).reset]), [['[7:0]', '0xed'], ['[23:16]', '0x0'], ['[31:24]', '0x1']]);
  const status = reg(d, 'status');
  assert.equal([bits(fieldOf(status, 'computing')), access(fieldOf(status, 'computing')), fieldOf(status, 'computing').volatile], ['[0]', 'r/none/none', true]);
  assert.equal([bits(fieldOf(status, 'irq_fact')), access(fieldOf(status, 'irq_fact'))], ['[7]', 'rw/none/none']);
  assert.equal(access(fieldOf(reg(d, 'irq_status'), 'fact')), 'r/none/none');
  for (const name of ['irq_raise', 'irq_ack']) {
    const r = reg(d, name);
    assert.equal([r.ops.read, r.ops.write], [false, true], name);
    assert.equal(r.fields.map((f) => `${f.name}${bits(f)}`), ['fact[0]', 'dma[8]'], name);
  }
  const cmd = reg(d, 'dma_cmd');
  assert.equal(cmd.fields.map((f) => `${f.name}${bits(f)}:${f.onWrite}`), ['start[0]:pulse', 'direction[1]:none', 'irq[2]:none']);
  const dir = d.enums.find((e) => e.name === fieldOf(cmd, 'direction').enum);
  assert.equal(dir?.values.map((v) => [v.name, v.value]), [['to_device', '0x0'], ['from_device', '0x1']]);
  assert.is(cmd.masks.w1Effect, '0x1', 'a modify of dma_cmd never restarts a transfer');
});

test('edu: interrupts — FACT_IRQ 0x1 and DMA_IRQ 0x100, raised via 0x60, acknowledged via 0x64', async () => {
  const d = await deviceOf('edu.regs');
  const causes = d.interrupts.flatMap((g) => g.causes);
  const summary = causes.map((c) => ({
    name: c.name,
    status: `${c.status!.path.join('.')}@${c.status!.offset.toString(16)}[${c.status!.lsb}]`,
    ack: c.ack.kind === 'none' ? 'none' : `${c.ack.kind}:${c.ack.ref.path.join('.')}@${c.ack.ref.offset.toString(16)}[${c.ack.ref.lsb}]`,
    test: c.test ? `${c.test.path.join('.')}@${c.test.offset.toString(16)}[${c.test.lsb}]` : '',
    enable: c.enable.kind === 'field' ? `${c.enable.ref.path.join('.')}.${c.enable.ref.field}[${c.enable.ref.lsb}]` : c.enable.kind,
    vector: `${c.vector.kind}${c.vector.index}`,
  }));
  assert.equal(summary, [
    { name: 'fact', status: 'irq_status@24[0]', ack: 'write:irq_ack@64[0]', test: 'irq_raise@60[0]', enable: 'status.irq_fact[7]', vector: 'msi0' },
    { name: 'dma', status: 'irq_status@24[8]', ack: 'write:irq_ack@64[8]', test: 'irq_raise@60[8]', enable: 'dma_cmd.irq[2]', vector: 'msi0' },
  ]);
});

test('ivshmem: identity, register BAR and raw 64-bit prefetchable shared-memory BAR2', async () => {
  const d = await deviceOf('ivshmem.regs');
  assert.equal(d.pci, { vendor: 0x1af4, device: 0x1110, subsystemVendor: 0x1af4, subsystem: 0x1100, class: 0x050000, revision: 1 });
  const bar0 = barOf(d, 0);
  assert.equal([bar0.size, bar0.hasRegisters], [256, true]);
  const bar2 = barOf(d, 2);
  assert.equal([bar2.kind, bar2.prefetchable, bar2.is64, bar2.hasRegisters, bar2.nodes.length], ['mmio', true, true, false, 0]);
  assert.is(bar2.size & (bar2.size - 1), 0, 'power of two');
  assert.equal(d.bars.map((b) => b.index), [0, 2], 'BAR3 is the upper half of the 64-bit BAR2');
});

test('ivshmem: IntrStatus clears on read and stores writes; IVPosition ro; Doorbell wo peer/vector', async () => {
  const d = await deviceOf('ivshmem.regs');
  const offsets = barOf(d, 0).nodes.map((n) => `${n.name}@${n.offset}`);
  assert.equal(offsets, ['intr_mask@0', 'intr_status@4', 'iv_position@8', 'doorbell@12']);
  const st = reg(d, 'intr_status');
  assert.equal(access(fieldOf(st, 'peer')), 'rw/clear/none');
  assert.equal([st.ops.readHasSideEffect, st.ops.modify], [true, false]);
  assert.equal([reg(d, 'iv_position').ops.write, access(fieldOf(reg(d, 'iv_position'), 'id'))], [false, 'r/none/none']);
  const bell = reg(d, 'doorbell');
  assert.equal(bell.fields.map((f) => `${f.name}${bits(f)}:${f.sw}`), ['vector[15:0]:w', 'peer[31:16]:w']);
  const [cause] = d.interrupts.flatMap((g) => g.causes);
  assert.equal([cause?.ack.kind, cause?.vector], ['read', { kind: 'msix', index: 0 }]);
});

test('e1000e: identity and the four BARs of e1000e_pci_realize', async () => {
  const d = await deviceOf('e1000e.regs');
  assert.equal(d.pci, { vendor: 0x8086, device: 0x10d3, subsystemVendor: 0x8086, subsystem: 0, class: 0x020000, revision: 0 });
  assert.equal(
    d.bars.map((b) => `${b.index}:${b.name}:${b.kind}:${b.size}:${b.is64 ? '64' : '32'}:${b.hasRegisters ? 'regs' : 'raw'}`),
    ['0:regs:mmio:131072:32:regs', '1:flash:mmio:131072:32:raw', '2:ioport:io:32:32:raw', '3:msix:mmio:16384:32:raw'],
  );
});

test('e1000e: register offsets match Linux e1000e regs.h', async () => {
  const d = await deviceOf('e1000e.regs');
  const expected: Record<string, number> = {
    ctrl: 0x0, status: 0x8, eecd: 0x10, eerd: 0x14, ctrl_ext: 0x18, mdic: 0x20, icr: 0xc0, itr: 0xc4, ics: 0xc8,
    ims: 0xd0, imc: 0xd8, iam: 0xe0, ivar: 0xe4, rctl: 0x100, tctl: 0x400, tipg: 0x410, rdtr: 0x2820, rxdctl: 0x2828,
    radv: 0x282c, tidv: 0x3820, txdctl: 0x3828, tadv: 0x382c, rxcsum: 0x5000,
  };
  for (const [name, offset] of Object.entries(expected)) assert.is(reg(d, name).absolute, offset, name);
  // Both queues of each direction (regs.h E1000_RDBAL(n) = 0x2800 + n × 0x100, E1000_TDBAL(n) = 0x3800 + n × 0x100).
  const rx: Record<string, number> = { rdbal: 0x2800, rdbah: 0x2804, rdlen: 0x2808, rdh: 0x2810, rdt: 0x2818 };
  for (const [name, offset] of Object.entries(rx)) assert.is(reg(d, 'rxq', name).absolute, offset, `rxq[0].${name}`);
  const tx: Record<string, number> = { tdbal: 0x3800, tdbah: 0x3804, tdlen: 0x3808, tdh: 0x3810, tdt: 0x3818 };
  for (const [name, offset] of Object.entries(tx)) assert.is(reg(d, 'txq', name).absolute, offset, `txq[0].${name}`);
  const queues = barOf(d, 0).nodes.filter((n) => n.name === 'rxq' || n.name === 'txq').map((n) => (n as { array?: unknown }).array);
  assert.equal(queues, [{ count: 2, stride: 0x100 }, { count: 2, stride: 0x100 }], 'queue n at +n × 0x100');
  assert.equal([reg(d, 'rxdctl').array, reg(d, 'txdctl').array], [{ count: 2, stride: 0x100 }, { count: 2, stride: 0x100 }]);
  const stats: Record<string, number> = { crcerrs: 0x4000, mpc: 0x4010, gprc: 0x4074, gptc: 0x4080, gorcl: 0x4088, gorch: 0x408c, torl: 0x40c0, torh: 0x40c4, tpr: 0x40d0, tpt: 0x40d4, iac: 0x4100 };
  for (const [name, offset] of Object.entries(stats)) {
    const r = reg(d, 'stats', name);
    assert.is(r.absolute, offset, name);
    assert.equal([access(r.fields[0]!), r.ops.readHasSideEffect, r.ops.modify], ['r/clear/none', true, false], `${name} clears on read`);
  }
  assert.equal([reg(d, 'mta').array, reg(d, 'mta').absolute], [{ count: 128, stride: 4 }, 0x5200]);
  assert.equal([reg(d, 'ral').array, reg(d, 'ral').absolute], [{ count: 16, stride: 8 }, 0x5400]);
  assert.equal([reg(d, 'rah').array, reg(d, 'rah').absolute], [{ count: 16, stride: 8 }, 0x5404]);
  assert.is(bits(fieldOf(reg(d, 'rah'), 'av')), '[31]');
});

test('e1000e: CTRL, STATUS, EERD, RCTL fields and QEMU reset values', async () => {
  const d = await deviceOf('e1000e.regs');
  const ctrl = reg(d, 'ctrl');
  assert.is(ctrl.reset, '0x140241', 'e1000e_mac_reg_init: FD | SWDPIN0 | SWDPIN2/ADVD3WUC | SPD_1000 | SLU');
  assert.equal(['fd', 'slu', 'speed', 'rst', 'phy_rst'].map((n) => `${bits(fieldOf(ctrl, n))}:${fieldOf(ctrl, n).onWrite}`), ['[0]:none', '[6]:none', '[9:8]:none', '[26]:pulse', '[31]:none']);
  const speed = d.enums.find((e) => e.name === fieldOf(ctrl, 'speed').enum);
  assert.equal(speed?.values.map((v) => `${v.name}=${v.value}`), ['mb10=0x0', 'mb100=0x1', 'mb1000=0x2']);
  const status = reg(d, 'status');
  assert.equal([bits(fieldOf(status, 'fd')), bits(fieldOf(status, 'lu')), bits(fieldOf(status, 'speed')), fieldOf(status, 'speed').enum], ['[0]', '[1]', '[7:6]', 'link_speed']);
  const eerd = reg(d, 'eerd');
  assert.equal(eerd.fields.map((f) => `${f.name}${bits(f)}:${access(f)}`), ['start[0]:rw/none/pulse', 'done[1]:r/none/none', 'addr[15:2]:rw/none/none', 'data[31:16]:r/none/none']);
  const rctl = reg(d, 'rctl');
  assert.equal(
    ['en', 'sbp', 'upe', 'mpe', 'lpe', 'lbm', 'rdmts', 'mo', 'bam', 'bsize', 'secrc'].map((n) => bits(fieldOf(rctl, n))),
    ['[1]', '[2]', '[3]', '[4]', '[5]', '[7:6]', '[9:8]', '[13:12]', '[15]', '[17:16]', '[26]'],
  );
  const bsize = d.enums.find((e) => e.name === fieldOf(rctl, 'bsize').enum);
  assert.equal(bsize?.values.map((v) => `${v.name}=${v.value}`), ['b2048=0x0', 'b1024=0x1', 'b512=0x2', 'b256=0x3']);
  assert.is(reg(d, 'tipg').reset, '0x602008');
  const ivar = reg(d, 'ivar');
  assert.equal(['rxq0_vector', 'rxq0_valid', 'txq0_vector', 'other_vector', 'other_valid'].map((n) => bits(fieldOf(ivar, n))), ['[2:0]', '[3]', '[10:8]', '[18:16]', '[19]']);
});

test('e1000e: ICR is read-clear and write-1-clear; every cause uses one bit across ICR/IMS/IMC/ICS, acked by w1c', async () => {
  const d = await deviceOf('e1000e.regs');
  const icr = reg(d, 'icr');
  for (const f of icr.fields) assert.is(access(f), 'rw/clear/w1c', `icr.${f.name}`);
  assert.equal([icr.ops.readHasSideEffect, icr.ops.modify, icr.ops.ackW1], [true, false, 'write']);
  for (const f of reg(d, 'ims').fields) assert.is(f.onWrite, 'w1s', `ims.${f.name}`);
  // E1000_ICR_* in QEMU e1000x_regs.h / Linux defines.h
  const icrBits: Record<string, number> = { txdw: 0, txqe: 1, lsc: 2, rxdmt0: 4, rxo: 6, rxt0: 7, mdac: 9, txd_low: 15, srpd: 16, ack: 17, mng: 18, rxq0: 20, rxq1: 21, txq0: 22, txq1: 23, other: 24 };
  const causes = d.interrupts.flatMap((g) => g.causes);
  assert.equal(causes.map((c) => c.name).sort(), Object.keys(icrBits).sort());
  for (const c of causes) {
    const at = icrBits[c.name]!;
    assert.equal([c.status!.path, c.status!.lsb], [['icr'], at], c.name);
    assert.ok(c.ack.kind === 'w1c' && c.ack.ref.offset === 0xc0 && c.ack.ref.lsb === at, `${c.name} acked by writing 1 to ICR`);
    assert.ok(c.enable.kind === 'setClear' && c.enable.set.offset === 0xd0 && c.enable.clear.offset === 0xd8, `${c.name} enabled via IMS/IMC`);
    assert.ok(c.enable.kind === 'setClear' && c.enable.set.lsb === at && c.enable.clear.lsb === at, `${c.name}: same bit in IMS/IMC`);
    assert.equal([c.test?.offset, c.test?.lsb], [0xc8, at], `${c.name} raised via ICS`);
    assert.is(c.vector.kind, 'msix');
  }
  const vectors = Object.fromEntries(causes.map((c) => [c.name, c.vector.index]));
  assert.equal([vectors.rxq0, vectors.rxq1, vectors.txq0, vectors.txq1, vectors.other, vectors.lsc, vectors.rxt0, vectors.txdw], [0, 1, 2, 3, 4, 4, 0, 2]);
});

test('e1000e: legacy descriptors and rings wired to the queue-0 registers', async () => {
  const d = await deviceOf('e1000e.regs');
  for (const name of ['rx_desc', 'tx_desc']) {
    const l = d.layouts.find((x) => x.name === name);
    assert.ok(l, name);
    assert.equal([l.size, l.align, l.done], [16, 16, { word: 'status', field: 'dd' }], name);
    const status = l.words.find((w) => w.name === 'status')!;
    assert.equal([status.offset, status.width, bits(fieldOf(status, 'dd'))], [12, 8, '[0]'], name);
    assert.equal(l.words.find((w) => w.name === 'buffer_addr')?.width, 64);
  }
  const tx = d.layouts.find((x) => x.name === 'tx_desc')!;
  const cmd = tx.words.find((w) => w.name === 'cmd')!;
  assert.equal([cmd.offset, ...['eop', 'ifcs', 'rs', 'ide'].map((n) => bits(fieldOf(cmd, n)))], [11, '[0]', '[1]', '[3]', '[7]']);
  const rings = Object.fromEntries(d.rings.map((r) => [r.name, [r.layout, r.tail?.offset, r.head?.offset, r.baseLo?.offset, r.baseHi?.offset, r.length?.offset]]));
  assert.equal(rings, {
    rx: ['rx_desc', 0x2818, 0x2810, 0x2800, 0x2804, 0x2808],
    tx: ['tx_desc', 0x3818, 0x3810, 0x3800, 0x3804, 0x3808],
  });
});

test('axi-timer: TCSR bits per PG079 / xtmrctr_l.h, T0INT w1c acknowledged by a safe modify', async () => {
  const d = await deviceOf('axi-timer.regs');
  assert.equal([d.pci?.vendor, d.pci?.device], [0x10ee, 0x7021]);
  assert.equal(barOf(d, 0).nodes.map((n) => `${n.name}@${n.offset}`), ['tcsr0@0', 'tlr0@4', 'tcr0@8', 'tcsr1@16', 'tlr1@20', 'tcr1@24']);
  const tcsr0 = reg(d, 'tcsr0');
  // XTC_CSR_*_MASK: CAPTURE_MODE 0x1 … CASC 0x800
  assert.equal(tcsr0.fields.map((f) => `${f.name}${bits(f)}`), ['mdt[0]', 'udt[1]', 'gent[2]', 'capt[3]', 'arht[4]', 'load[5]', 'enit[6]', 'ent[7]', 'tint[8]', 'pwma[9]', 'enall[10]', 'casc[11]']);
  assert.is(access(fieldOf(tcsr0, 'tint')), 'rw/none/w1c');
  assert.is(access(fieldOf(tcsr0, 'load')), 'rw/none/none', 'LOAD is a level, not self-clearing');
  assert.equal([tcsr0.ops.ackW1, tcsr0.masks.keep, tcsr0.masks.w1Effect], ['modify', '0xaff', '0x500'], 'modify keeps the control bits and writes 0 to TINT and ENALL');
  assert.not.ok(reg(d, 'tcsr1').fields.some((f) => f.name === 'casc'), 'CASC exists in TCSR0 only');
  assert.equal([reg(d, 'tcr0').ops.write, reg(d, 'tcr0').volatile], [false, true]);
  const causes = d.interrupts.flatMap((g) => g.causes);
  assert.equal(
    causes.map((c) => [c.name, c.status!.path[0], c.status!.lsb, c.ack.kind, c.enable.kind === 'field' ? c.enable.ref.lsb : -1]),
    [['t0', 'tcsr0', 8, 'w1c', 6], ['t1', 'tcsr1', 8, 'w1c', 6]],
  );
});

test('axi-gpio: IP ISR toggle-on-write, IER per channel, GIER bit 31, TRI resets to inputs (PG144)', async () => {
  const d = await deviceOf('axi-gpio.regs');
  assert.equal([d.pci?.vendor, d.pci?.device], [0x10ee, 0x7022]);
  const offsets = barOf(d, 0).nodes.map((n) => `${n.name}@${n.offset.toString(16)}`);
  assert.equal(offsets, ['gpio_data@0', 'gpio_tri@4', 'gpio2_data@8', 'gpio2_tri@c', 'gier@11c', 'ip_isr@120', 'ip_ier@128']);
  assert.equal([reg(d, 'gpio_tri').reset, reg(d, 'gpio2_tri').reset], ['0xffffffff', '0xffffffff']);
  assert.is(bits(fieldOf(reg(d, 'gier'), 'gie')), '[31]');
  const isr = reg(d, 'ip_isr');
  assert.equal(isr.fields.map((f) => `${f.name}${bits(f)}:${access(f)}`), ['ch1[0]:rw/none/w1t', 'ch2[1]:rw/none/w1t']);
  assert.is(isr.ops.ackW1, 'write', 'acknowledge is one write, no read');
  const causes = d.interrupts.flatMap((g) => g.causes);
  assert.equal(
    causes.map((c) => [c.name, c.status!.lsb, c.ack.kind, c.test?.offset, c.enable.kind === 'field' ? `${c.enable.ref.path[0]}[${c.enable.ref.lsb}]` : '']),
    [['ch1', 0, 'w1c', 0x120, 'ip_ier[0]'], ['ch2', 1, 'w1c', 0x120, 'ip_ier[1]']],
  );
});

test.run();
