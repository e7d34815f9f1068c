// What the language features lower to: offsets, arrays, shared and inline block types, constants,
// enums, access → sw/onRead/onWrite, resets, reserved bits, ops, interrupts, layouts and rings; the
// IR validates against compiler/ir/schema.json and is deterministic.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { run } from '../check/harness.js';
import type { IrBlockInstance, IrDevice, IrField, IrRegister, IrSpec } from '../../../compiler/ir/ir.js';

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync('compiler/ir/schema.json', 'utf8')) as object);

function lowered(text: string): IrSpec {
  const r = run(text);
  assert.equal(r.lines.filter((l) => !l.startsWith('warning')), [], 'no errors');
  const ir = r.ir!;
  assert.ok(validate(ir), JSON.stringify(validate.errors, null, 1));
  return ir;
}
const device = (text: string): IrDevice => lowered(text).devices[0]!;
const regAt = (d: IrDevice, name: string, nodes = d.bars[0]!.nodes): IrRegister => {
  const n = nodes.find((x) => x.name === name);
  assert.ok(n && n.kind === 'register', name);
  return n as IrRegister;
};
const access = (f: IrField): string => `${f.name}:${f.sw}/${f.onRead}/${f.onWrite}`;

const docExample = readFileSync('docs/language.md', 'utf8').match(/```regs\n(\/\/ A complete small spec\.[\s\S]*?)```/)![1]!;

test('the language reference example lowers: registers, implicit value field, inline enum, interrupt', () => {
  const d = device(docExample);
  assert.equal(d.pci, { vendor: 0x10ee, device: 0x7011 });
  assert.equal(d.bars.map((b) => [b.index, b.name, b.kind, b.size, b.hasRegisters]), [[0, 'regs', 'mmio', 0x1000, true]]);
  const ctrl = regAt(d, 'ctrl');
  assert.equal(ctrl.fields.map((f) => [f.name, f.lsb, f.width, f.enum]), [['enable', 0, 1, undefined], ['mode', 1, 2, 'ctrl_mode'], ['irq_en', 8, 1, undefined]]);
  assert.is(ctrl.doc, 'Control');
  const status = regAt(d, 'status');
  assert.equal(status.fields.map(access), ['busy:r/none/none', 'done:rw/none/w1c']);
  assert.equal([status.masks.w1Effect, status.masks.keep, status.ops.ackW1], ['0x2', '0x0', 'write']);
  const leds = regAt(d, 'leds');
  assert.equal([leds.offset, leds.array, leds.implicitField, leds.fields.map((f) => [f.name, f.width])], [0x100, { count: 8, stride: 4 }, true, [['value', 32]]]);
  assert.equal(d.enums, [{ name: 'ctrl_mode', width: 2, doc: '', values: [
    { name: 'steady', value: '0x0', doc: '' }, { name: 'blink', value: '0x1', doc: '' }, { name: 'breathe', value: '0x2', doc: '' },
  ] }]);
  const cause = d.interrupts[0]!.causes[0]!;
  assert.equal(cause.status, { bar: 0, path: ['status'], offset: 4, width: 32, field: 'done', lsb: 1, bits: 1 });
  assert.equal(cause.enable, { kind: 'field', ref: { bar: 0, path: ['ctrl'], offset: 0, width: 32, field: 'irq_en', lsb: 8, bits: 1 } });
  assert.equal(cause.ack, { kind: 'w1c', ref: cause.status });
  assert.equal(cause.vector, { kind: 'msi', index: 0 });
  assert.equal(cause.at, { file: 'main.regs', line: 20, col: 5 });
});

test('constants, arrays with default and explicit stride, 64-bit registers', () => {
  const d = device(`const BASE = 0x5000;
const N = 1 << 4;
device d {
  bar 0 regs mmio size 64K 64bit prefetchable {
    register ral[N] @ BASE stride 8 : 32;
    register rah[N] @ BASE + 4 stride 8 : 32;
    register mta[128] @ 0x5200 : 32;
    register tsc @ 0x10 : 64 ro volatile reset 0xffff_ffff_ffff_fffe;
  }
  bar 2 shmem mmio size 4M;
}`);
  assert.equal(regAt(d, 'ral').array, { count: 16, stride: 8 });
  assert.is(regAt(d, 'rah').offset, 0x5004);
  assert.equal(regAt(d, 'mta').array, { count: 128, stride: 4 });
  const tsc = regAt(d, 'tsc');
  assert.equal([tsc.width, tsc.reset, tsc.fields[0]!.reset, tsc.volatile], [64, '0xfffffffffffffffe', '0xfffffffffffffffe', true]);
  assert.equal(d.bars.map((b) => [b.index, b.size, b.is64, b.prefetchable, b.hasRegisters, b.nodes.length]), [[0, 0x10000, true, true, true, 4], [2, 0x400000, false, false, false, 0]]);
});

test('block types are shared, not expanded; inline blocks get <parent>_<name> types; offsets stay relative', () => {
  const d = device(`block rx_queue "One receive queue" {
  register rdbal @ 0x00 : 32;
  register rdh @ 0x10 : 32 volatile;
  block ctl @ 0x20 { register a @ 0 : 32; register b @ 4 : 16; }
}
device d {
  bar 0 regs mmio size 128K {
    block rxq[2] @ 0x2800 stride 0x100 : rx_queue;
    block rxq_hi[2] @ 0x3800 stride 0x100 : rx_queue;
    block phy @ 0x0020 { register mdic @ 0 : 32 rw; }
  }
}`);
  assert.equal(d.blockTypes.map((t) => [t.name, t.size, t.nodes.map((n) => [n.name, n.offset])]), [
    ['rx_queue_ctl', 6, [['a', 0], ['b', 4]]],
    ['rx_queue', 0x26, [['rdbal', 0], ['rdh', 0x10], ['ctl', 0x20]]],
    ['regs_phy', 4, [['mdic', 0]]],
  ]);
  const nodes = d.bars[0]!.nodes as IrBlockInstance[];
  assert.equal(nodes.map((n) => [n.kind, n.name, n.type, n.offset, n.array]), [
    ['block', 'rxq', 'rx_queue', 0x2800, { count: 2, stride: 0x100 }],
    ['block', 'rxq_hi', 'rx_queue', 0x3800, { count: 2, stride: 0x100 }],
    ['block', 'phy', 'regs_phy', 0x20, undefined],
  ]);
  assert.is(d.blockTypes[1]!.doc, 'One receive queue');
});

test('access: fields inherit the register access unless they name their own', () => {
  const d = device(`device d {
  bar 0 regs mmio size 0x100 {
    register icr @ 0 : 32 rc w1c { field a [0]; field b [1] ro; field c [2] sw=rw onwrite=w1s; }
    register cmd @ 4 : 32 wo { field go [0] pulse; field arg [15:8]; }
    register sem @ 8 : 32 rs;
    register z @ 0xc : 32 { field x [0] wclr; field y [1] wset; field k [2] na; field t [3] w1t; field u [4] w0s; field v [5] w0t; }
  }
}`);
  assert.equal(regAt(d, 'icr').fields.map(access), ['a:rw/clear/w1c', 'b:r/none/none', 'c:rw/none/w1s']);
  assert.equal(regAt(d, 'cmd').fields.map(access), ['go:rw/none/pulse', 'arg:w/none/none']);
  assert.equal(regAt(d, 'sem').fields.map(access), ['value:r/set/none']);
  assert.equal(regAt(d, 'z').fields.map(access), ['x:rw/none/wclr', 'y:rw/none/wset', 'k:na/none/none', 't:rw/none/w1t', 'u:rw/none/w0s', 'v:rw/none/w0t']);
});

test('ops for rc, w1c, wclr and wo registers', () => {
  const d = device(`device d {
  bar 0 regs mmio size 0x100 {
    register icr @ 0 : 32 rc volatile;
    register isr @ 4 : 32 w1c volatile;
    register clr @ 8 : 32 wclr;
    register db @ 0xc : 32 wo;
    register ctl @ 0x10 : 32 rw;
  }
}`);
  const ops = (n: string) => regAt(d, n).ops;
  assert.equal(ops('icr'), { read: true, readHasSideEffect: true, write: false, modify: false, ackW1: 'none', ackW0: 'none' });
  assert.equal(ops('isr'), { read: true, readHasSideEffect: false, write: true, modify: true, ackW1: 'write', ackW0: 'none' });
  assert.equal(ops('clr'), { read: true, readHasSideEffect: false, write: true, modify: false, ackW1: 'none', ackW0: 'none' });
  assert.equal(ops('db'), { read: false, readHasSideEffect: false, write: true, modify: false, ackW1: 'none', ackW0: 'none' });
  assert.equal(ops('ctl'), { read: true, readHasSideEffect: false, write: true, modify: true, ackW1: 'none', ackW0: 'none' });
});

test('worked example from the language reference, through the whole pipeline', () => {
  const r = regAt(device(`device d {
  bar 0 regs mmio size 0x100 {
    register ex @ 0 : 32 {
      field en [0]; field mode [2:1]; field done [3] w1c; field ovf [4] w0c; field kick [5] pulse; reserved [23:6]; field id [31:24] ro;
    }
  }
}`), 'ex');
  assert.equal([r.masks.keep, r.masks.w1Effect, r.masks.w0Effect, r.masks.modifyBase], ['0x7', '0x28', '0x10', '0x10']);
  assert.equal(r.reserved, [{ lsb: 6, width: 18, policy: 'reset' }]);
});

test('resets merge register and field values; undeclared bits become reserved ranges', () => {
  const d = device(`device d {
  bar 0 regs mmio size 0x100 {
    register r @ 0 : 32 reset 0x1200_004a { field a [3:0] reset 0xa; field b [6] reset 1; reserved [15:12] ones; field c [31:24] reset 0x12; }
    register q @ 4 : 32 { field a [3:0] reset 0xa; field c [31:24] reset 0x12; }
  }
}`);
  const r = regAt(d, 'r');
  assert.is(r.reset, '0x1200004a');
  assert.equal(r.fields.map((f) => [f.name, f.reset]), [['a', '0xa'], ['b', '0x1'], ['c', '0x12']]);
  assert.is(regAt(d, 'q').reset, '0x1200000a', 'field resets make up the register reset');
  assert.equal(r.reserved, [
    { lsb: 4, width: 2, policy: 'reset' },
    { lsb: 7, width: 5, policy: 'reset' },
    { lsb: 12, width: 4, policy: 'ones' },
    { lsb: 16, width: 8, policy: 'reset' },
  ]);
  assert.is(r.masks.writeBase, '0x1200f04a');
});

test('enums: shared enums keep their name and take the widest field; inline names never collide', () => {
  const d = device(`enum speed { s10 = 0, s100 = 1, s1000 = 2 "gigabit" }
enum ctrl_mode { x = 0 }
block b { register ctrl @ 0 : 32 { field mode [0] enum { on = 1 }; } }
device d {
  bar 0 regs mmio size 0x100 {
    register ctrl @ 0 : 32 { field mode [1:0] enum { off = 0, on = 1 }; field s [9:8] enum speed; }
    register ctrl2 @ 4 : 32 { field s [12:10] enum speed; }
    block inner @ 0x10 : b;
  }
}`);
  assert.equal(d.enums.map((e) => [e.name, e.width, e.values.map((v) => v.name).join(',')]), [
    ['regs_ctrl_mode', 2, 'off,on'],
    ['speed', 3, 's10,s100,s1000'],
    ['b_ctrl_mode', 1, 'on'],
    // A top-level enum no field uses is still part of the device's vocabulary (NVMe opcode tables).
    ['ctrl_mode', 1, 'x'],
  ]);
  assert.is(d.enums[1]!.values[2]!.doc, 'gigabit');
});

test('interrupts: set/clear enable, test, ack register, per-cause overrides, paths into blocks', () => {
  const d = device(`device d {
  bar 0 regs mmio size 0x1000 {
    register icr @ 0xc0 : 32 rc w1c volatile { field txdw [0]; field rxt0 [7]; field other [24]; }
    register ims @ 0xd0 : 32 w1s { field txdw [0]; field rxt0 [7]; }
    register imc @ 0xd8 : 32 wo { field txdw [0]; field rxt0 [7]; }
    register ics @ 0xc8 : 32 wo { field txdw [0]; field rxt0 [7]; }
    register ctrl_ext @ 0x18 : 32 { field other_en [3]; }
    block misc @ 0x100 { register ack @ 4 : 32 wo { field other [0]; } }
  }
  interrupts main "ICR/IMS/IMC/ICS" {
    status icr; enable set ims clear imc; test ics; ack w1c; vector msix 0;
    cause txdw "Transmit Descriptor Written Back";
    cause rxt0 vector msix 1;
    cause other enable ctrl_ext.other_en ack misc.ack.other;
  }
}`);
  const g = d.interrupts[0]!;
  assert.is(g.doc, 'ICR/IMS/IMC/ICS');
  const [txdw, rxt0, other] = g.causes;
  assert.equal(txdw!.enable, {
    kind: 'setClear',
    set: { bar: 0, path: ['ims'], offset: 0xd0, width: 32, field: 'txdw', lsb: 0, bits: 1 },
    clear: { bar: 0, path: ['imc'], offset: 0xd8, width: 32, field: 'txdw', lsb: 0, bits: 1 },
  });
  assert.is(other!.test, undefined, 'ics has no bit for other, so other has no test');
  assert.equal(txdw!.test, { bar: 0, path: ['ics'], offset: 0xc8, width: 32, field: 'txdw', lsb: 0, bits: 1 });
  assert.equal([txdw!.ack.kind, txdw!.vector, txdw!.doc], ['w1c', { kind: 'msix', index: 0 }, 'Transmit Descriptor Written Back']);
  assert.equal([rxt0!.status!.lsb, rxt0!.vector], [7, { kind: 'msix', index: 1 }]);
  assert.equal(other!.enable, { kind: 'field', ref: { bar: 0, path: ['ctrl_ext'], offset: 0x18, width: 32, field: 'other_en', lsb: 3, bits: 1 } });
  assert.equal(other!.ack, { kind: 'write', ref: { bar: 0, path: ['misc', 'ack'], offset: 0x104, width: 32, field: 'other', lsb: 0, bits: 1 } });
});

test('interrupts: ack defaults to the status bit semantics; no vector means intx 0', () => {
  const d = device(`device d {
  bar 0 regs mmio size 0x100 {
    register isr @ 0 : 32 w1c { field a [0]; }
    register icr @ 4 : 32 rc { field b [0]; }
    register lvl @ 8 : 32 ro { field c [0]; }
  }
  interrupts g { cause a status isr.a; cause b status icr.b; cause c status lvl.c; }
}`);
  assert.equal(d.interrupts[0]!.causes.map((c) => [c.ack.kind, c.vector.kind, c.vector.index]), [['w1c', 'intx', 0], ['read', 'intx', 0], ['none', 'intx', 0]]);
});

test('layouts with owner and done, rings over device and top-level layouts', () => {
  const d = device(`layout rx_desc size 16 { word addr @ 0 : 64; word st @ 12 : 8 { field dd [0]; } done st.dd; }
device d {
  bar 0 regs mmio size 0x1000 { register tdt @ 0x18 : 32; register tdh @ 0x10 : 32; register rdt @ 0x28 : 32; }
  layout tx_desc size 16 align 16 "Legacy transmit descriptor" {
    word buffer_addr @ 0 : 64;
    word cmd @ 11 : 8 { field eop [0]; field own [7]; }
    owner cmd.own = 1;
  }
  ring tx of tx_desc { count 256; tail regs.tdt; head tdh; }
  ring rx of rx_desc { tail rdt; }
}`);
  assert.equal(d.layouts.map((l) => [l.name, l.size, l.align, l.owner, l.done, l.words.map((w) => [w.name, w.offset, w.width])]), [
    ['tx_desc', 16, 16, { word: 'cmd', field: 'own', value: '0x1' }, undefined, [['buffer_addr', 0, 64], ['cmd', 11, 8]]],
    ['rx_desc', 16, 8, undefined, { word: 'st', field: 'dd' }, [['addr', 0, 64], ['st', 12, 8]]],
  ]);
  assert.equal(d.layouts[0]!.words[1]!.fields.map(access), ['eop:rw/none/none', 'own:rw/none/none']);
  assert.equal(d.rings.map((r) => [r.name, r.layout, r.count, r.tail, r.head]), [
    ['tx', 'tx_desc', 256, { bar: 0, path: ['tdt'], offset: 0x18, width: 32 }, { bar: 0, path: ['tdh'], offset: 0x10, width: 32 }],
    ['rx', 'rx_desc', undefined, { bar: 0, path: ['rdt'], offset: 0x28, width: 32 }, undefined],
  ]);
});

test('the IR is deterministic: the same input gives the same JSON', () => {
  const a = JSON.stringify(lowered(docExample));
  const b = JSON.stringify(lowered(docExample));
  assert.is(a, b);
  assert.ok(!a.includes('"span"'), 'no spans leak into the IR');
});

test.run();
