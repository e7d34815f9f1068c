// SVD import: every supported construct → the golden every-construct.regs, which builds and whose IR
// has the offsets, strides, access, resets and enums the SVD says; the printer's text is a fixed point
// of the shared formatter; unsupported constructs are reported at the exact line:col the fixture marks;
// malformed XML is an error with its location; a ~3,000-register SVD imports quickly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSvd } from '../../../compiler/import/svd/index.js';
import { compile } from '../../../compiler/compile.js';
import { formatSpec } from '../../../compiler/format/index.js';
import { lineColOf } from '../../../compiler/source/source.js';
import type { IrBlockType, IrDevice, IrNode, IrRegister, IrBlockInstance } from '../../../compiler/ir/ir.js';
import { generateSvd } from './generate-svd.js';
import { randomSvd } from './random-svd.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/svd');
const read = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

function located(text: string, file: string, d: { span: { start: number }; severity: string; code: string; message: string }): string {
  const { line, col } = lineColOf({ file, text }, d.span.start);
  return `${line}:${col} ${d.severity} ${d.code} ${d.message}`;
}

test('every-construct.svd imports to the golden .regs, which builds without warnings', async () => {
  const svd = read('every-construct.svd');
  const r = await importSvd(svd, 'every-construct.svd');
  assert.ok(r.ok, r.compiled?.format());
  assert.fixture(r.regs!, read('every-construct.regs'));
  assert.equal(r.compiled!.diagnostics, [], r.compiled!.format());
  // Only the interrupts (kept as comments) and the one renamed field are reported.
  assert.equal(
    r.diagnostics.map((d) => located(svd, 'every-construct.svd', d).replace(/ (of|is) .*/, '')),
    ['39:7 warning SVD101 interrupt TIMER0 (5)', '279:7 warning SVD101 interrupt TIMER1 (6)', '320:13 warning SVD103 a field'],
  );
  assert.match(r.regs!, /\/\/ interrupt TIMER0 = 5: Timer 0 global interrupt\n\s+block TIMER0 @ 0x1_0000 : TIMER0;/);
});

test('the imported text is already in the formatter\'s canonical style (fixtures, lowercase, 3,000 registers)', async () => {
  const inputs: [string, string, boolean][] = [
    ['every-construct.svd', read('every-construct.svd'), false],
    ['every-construct.svd', read('every-construct.svd'), true],
    ['unsupported.svd', read('unsupported.svd'), false],
    ['big.svd', generateSvd(20, 30).text, false],
  ];
  for (const [file, text, lowercase] of inputs) {
    const r = await importSvd(text, file, { lowercase });
    const f = formatSpec(r.regs!, 'x.regs');
    assert.ok('text' in f, file);
    if ('text' in f) assert.fixture(f.text, r.regs!, `${file} lowercase=${lowercase}`);
  }
});

function byName<T extends { name: string }>(list: readonly T[], name: string): T {
  const hit = list.find((x) => x.name === name);
  if (!hit) throw new Error(`no '${name}' in [${list.map((x) => x.name).join(', ')}]`);
  return hit;
}
const reg = (nodes: readonly IrNode[], name: string): IrRegister => byName(nodes.filter((n): n is IrRegister => n.kind === 'register'), name);
const blk = (nodes: readonly IrNode[], name: string): IrBlockInstance => byName(nodes.filter((n): n is IrBlockInstance => n.kind === 'block'), name);

async function goldenDevice(): Promise<IrDevice> {
  const r = await compile({ path: path.join(fixtures, 'every-construct.regs') }, { emit: [] });
  assert.ok(r.ok, r.format());
  return r.ir!.devices[0]!;
}

test('IR: one BAR from the lowest base, instances at baseAddress - base, derived peripherals share a type', async () => {
  const d = await goldenDevice();
  assert.is(d.name, 'EVERY1');
  assert.is(d.pci, undefined);
  assert.match(d.doc, /^A made-up MCU with every supported construct & a "quoted" word\n\nImported from the CMSIS-SVD/);
  const bar = d.bars[0]!;
  assert.is(bar.size, 0x4_0000, 'power of two covering UART1 at 0x4002_0100 + its registers');
  const offsets = bar.nodes.map((n) => [n.name, n.offset, n.kind === 'block' ? n.type : '']);
  assert.equal(offsets, [
    ['GPIO_A', 0, 'GPIO_A'],
    ['TIMER0', 0x1_0000, 'TIMER0'],
    ['TIMER1', 0x1_0400, 'TIMER0'],
    ['TIMER2', 0x1_0800, 'TIMER2'],
    ['UART', 0x2_0000, 'UART'],
  ]);
  assert.equal(blk(bar.nodes, 'UART').array, { count: 2, stride: 0x100 });
  const timer2 = byName(d.blockTypes, 'TIMER2');
  assert.is(reg(timer2.nodes, 'ID').reset, '0xa5c4', 'register derivedFrom TIMER0.ID with resetValue overridden');
  assert.is(reg(timer2.nodes, 'EXTRA').offset, 0x300);
  assert.is(reg(timer2.nodes, 'EXTRA').width, 16);
  assert.is(reg(timer2.nodes, 'CTRL').fields.length, reg(byName(d.blockTypes, 'TIMER0').nodes, 'CTRL').fields.length);
});

test('IR: inherited size/access/reset, every modifiedWriteValues and readAction, enums', async () => {
  const d = await goldenDevice();
  const t0: IrBlockType = byName(d.blockTypes, 'TIMER0');
  const ctrl = reg(t0.nodes, 'CTRL');
  assert.is(ctrl.width, 32, 'device <size>');
  assert.is(ctrl.reset, '0x1', 'peripheral <resetValue> overrides the device');
  const mode = byName(ctrl.fields, 'MODE');
  assert.equal([mode.lsb, mode.width], [1, 2], 'lsb/msb form');
  const modeEnum = byName(d.enums, mode.enum!);
  assert.equal(modeEnum.values.map((v) => [v.name, v.value, v.doc]), [
    ['UP', '0x0', 'Count up'],
    ['DOWN', '0x1', 'Count down'],
    ['UPDOWN', '0x2', 'Up, then down'],
  ]);
  const mode2 = byName(ctrl.fields, 'MODE2');
  assert.equal([mode2.lsb, mode2.width], [3, 2], 'field derivedFrom MODE, bitRange overrides lsb/msb');
  assert.equal(byName(d.enums, mode2.enum!).values.map((v) => v.name), ['UP', 'DOWN', 'UPDOWN']);
  assert.equal([byName(ctrl.fields, 'PRESCALE').lsb, byName(ctrl.fields, 'PRESCALE').width, byName(ctrl.fields, 'PRESCALE').onWrite], [8, 8, 'none'], 'bitRange; modify → plain');
  assert.equal(['CH0_EN', 'CH1_EN', 'CH2_EN', 'CH3_EN'].map((n) => byName(ctrl.fields, n).lsb), [20, 21, 22, 23], 'field dim expanded');

  const status = reg(t0.nodes, 'STATUS');
  const acc = (name: string): string => {
    const f = byName(status.fields, name);
    return `${f.sw} ${f.onRead} ${f.onWrite}`;
  };
  const expected: Record<string, string> = {
    W1C: 'rw none w1c',
    W1S: 'rw none w1s',
    W1T: 'rw none w1t',
    W0C: 'rw none w0c',
    W0S: 'rw none w0s',
    W0T: 'rw none w0t',
    WCLR: 'rw none wclr',
    WSET: 'rw none wset',
    RC: 'r clear none',
    RS: 'r set none',
    RC_W1C: 'rw clear w1c',
    WO_W1C: 'w none w1c',
    LEVEL: 'r none none',
    CMD: 'w none none',
  };
  for (const [name, a] of Object.entries(expected)) assert.is(acc(name), a, name);
  assert.ok(status.volatile, 'no plain storage, hardware-changed bits → volatile');
  assert.not.ok(ctrl.volatile);

  const intclr = reg(t0.nodes, 'INTCLR');
  assert.equal(intclr.fields.map((f) => f.onWrite), ['w1c', 'w1c'], 'register-level modifiedWriteValues');
  const intclr2 = reg(t0.nodes, 'INTCLR2');
  assert.is(intclr2.offset, 0xc);
  assert.equal(intclr2.fields.map((f) => [f.name, f.onWrite]), [['OVF', 'w1c'], ['CMP', 'w0c']], 'register derivedFrom, one field overridden');
  const count = reg(t0.nodes, 'COUNT');
  assert.equal([count.fields[0]!.sw, count.fields[0]!.onRead, count.implicitField], ['r', 'clear', true]);
  const id = reg(t0.nodes, 'ID');
  assert.equal([id.width, id.reset, id.fields[0]!.sw], [16, '0xa5c3', 'r']);
  assert.equal([reg(t0.nodes, 'KEY').width, reg(t0.nodes, 'KEY').fields[0]!.sw], [8, 'w']);
  assert.is(reg(t0.nodes, 'WIDE').reset, '0xffffffff', 'resetValue & resetMask');

  const gpio = byName(d.blockTypes, 'GPIO_A');
  assert.equal([reg(gpio.nodes, 'IN').width, reg(gpio.nodes, 'IN').fields[0]!.sw], [16, 'r'], 'peripheral size and access inherited');
  assert.equal(reg(gpio.nodes, 'OUT').fields.map((f) => f.name), ['_3V3', 'P_1', 'P_1_2'], 'names sanitized and disambiguated');
  const parity = byName(reg(byName(d.blockTypes, 'UART').nodes, 'LCR').fields, 'PARITY');
  assert.is(byName(d.enums, parity.enum!).values.length, 5);
});

test('IR: dim arrays with %s and [%s], expanded index lists, clusters nested and derived', async () => {
  const d = await goldenDevice();
  const t0 = byName(d.blockTypes, 'TIMER0');
  assert.equal(reg(t0.nodes, 'CCR').array, { count: 4, stride: 4 });
  assert.is(reg(t0.nodes, 'CCR').offset, 0x40);
  assert.equal(reg(t0.nodes, 'BUF').array, { count: 4, stride: 8 }, 'BUF[%s] with dimIndex 0-3');
  assert.equal(['TAG_A', 'TAG_B', 'TAG_C'].map((n) => reg(t0.nodes, n).offset), [0x54, 0x5c, 0x64], 'interleaved with BUF');
  assert.equal(['PORT1', 'PORT2'].map((n) => reg(t0.nodes, n).offset), [0x70, 0x74]);
  const ch = blk(t0.nodes, 'CH');
  assert.equal([ch.offset, ch.array], [0x100, { count: 2, stride: 0x20 }]);
  const chType = byName(d.blockTypes, ch.type);
  assert.equal(chType.nodes.map((n) => [n.name, n.offset]), [['CFG', 0], ['DATA', 4], ['FILTER', 0x10]]);
  const filter = byName(d.blockTypes, blk(chType.nodes, 'FILTER').type);
  assert.equal(reg(filter.nodes, 'COEF').array, { count: 2, stride: 4 });
  const pol = byName(reg(chType.nodes, 'CFG').fields, 'POL');
  assert.equal(byName(d.enums, pol.enum!).values.map((v) => [v.name, v.doc]), [
    ['UP', 'Rising edge'],
    ['DOWN', 'Falling edge'],
    ['UPDOWN', 'Up, then down'],
  ], 'enumeratedValues derivedFrom: copied, then overridden by name');
  const aux = blk(t0.nodes, 'AUX');
  assert.is(aux.offset, 0x200);
  assert.equal(byName(d.blockTypes, aux.type).nodes.map((n) => n.name), ['CFG', 'DATA', 'FILTER'], 'cluster derivedFrom CH');
});

test('unsupported constructs are reported at the line:col each `expect` marker points to, nothing else', async () => {
  const svd = read('unsupported.svd');
  const r = await importSvd(svd, 'unsupported.svd');
  assert.ok(r.ok, r.compiled?.format());
  const lines = svd.split('\n');
  const expected: string[] = [];
  lines.forEach((l, i) => {
    const m = /<!-- expect (SVD\d+): (.*) -->/.exec(l);
    if (!m) return;
    const next = lines[i + 1]!;
    expected.push(`${i + 2}:${next.indexOf('<') + 1} ${m[1]} ${m[2]}`);
  });
  assert.is(expected.length, 27);
  const got = r.diagnostics.map((d) => located(svd, 'unsupported.svd', d));
  for (const e of expected) {
    const [where, code, ...text] = e.split(' ');
    const hit = got.find((g) => g.startsWith(`${where} warning ${code} `) && g.includes(text.join(' ')));
    assert.ok(hit, `expected ${e}\ngot:\n${got.join('\n')}`);
  }
  assert.is(got.length, expected.length, got.join('\n'));
  // What was left out is absent; what was approximated is there.
  const types = r.compiled!.ir!.devices[0]!.blockTypes;
  // P1 shares P0's range without a register in common: kept (rebased to its first register).
  assert.equal(types.map((t) => t.name), ['P0', 'P1']);
  assert.equal(types[0]!.nodes.map((n) => n.name), ['CTRL', 'LOST', 'KEEP']);
  const ctrl = reg(types[0]!.nodes, 'CTRL');
  assert.equal(ctrl.fields.map((f) => `${f.name}:${f.sw}/${f.onRead}/${f.onWrite}`), ['MODE:rw/none/none', 'SNAP:rw/none/none', 'EXT:rw/none/none', 'ONCE:w/none/none', 'RONCE:rw/none/none', 'RO_W1C:r/none/none']);
  assert.match(r.format(), /unsupported\.svd:42:15: warning: <writeConstraint> .* \[SVD101\]\n\s+<writeConstraint>.*\n\s+\^+/);
});

test('malformed XML is an error with its line:col and produces no spec', async () => {
  const text = '<?xml version="1.0"?>\n<device>\n  <name>X</name>\n  <peripherals>\n  </peripheral>\n</device>\n';
  const r = await importSvd(text, 'bad.svd');
  assert.not.ok(r.ok);
  assert.is(r.regs, undefined);
  assert.is(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.is(d.severity, 'error');
  assert.is(d.code, 'SVD001');
  assert.match(located(text, 'bad.svd', d), /^5:3 error SVD001 malformed XML: unexpected close tag/);
  assert.is(r.format(), 'bad.svd:5:3: error: malformed XML: unexpected close tag [SVD001]\n    </peripheral>\n    ^');

  const r2 = await importSvd('<device><name>X</name>\n<peripherals><peripheral a="1 b="2"/></peripherals></device>', 'q.svd');
  assert.match(r2.format(), /^q\.svd:2:\d+: error: malformed XML: /);
  const r3 = await importSvd('', 'empty.svd');
  assert.match(r3.format(), /^empty\.svd:1:1: error: malformed XML: /);
});

test('a document that is not an SVD device, or has nothing to import, is an error', async () => {
  const r = await importSvd('<?xml version="1.0"?>\n<component><name>x</name></component>\n', 'c.svd');
  assert.not.ok(r.ok);
  assert.match(r.format(), /^c\.svd:2:1: error: the root element is <component>, not <device>/);
  const r2 = await importSvd('<device><name>D</name><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress></peripheral></peripherals></device>', 'e.svd');
  assert.not.ok(r2.ok);
  assert.match(r2.format(), /error: no peripheral with registers to import \[SVD002\]/);
});

test('derivedFrom cycles and deep dim lists are reported, not looped on', async () => {
  const svd = `<device><name>D</name><size>32</size><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
<register derivedFrom="B"><name>A</name><addressOffset>0</addressOffset></register>
<register derivedFrom="A"><name>B</name><addressOffset>4</addressOffset></register>
</registers></peripheral></peripherals></device>`;
  const r = await importSvd(svd, 'cycle.svd');
  assert.ok(r.ok, r.compiled?.format());
  assert.ok(r.diagnostics.some((d) => /derivation cycle/.test(d.message)));
  assert.equal(r.compiled!.ir!.devices[0]!.blockTypes[0]!.nodes.map((n) => n.name), ['A', 'B']);
});

test('a field dim running past the register imports the fields that fit and reports the rest once', async () => {
  const svd = `<device><name>D</name><size>32</size><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
<register><name>R</name><addressOffset>0</addressOffset><fields>
<field><name>B%s</name><dim>40</dim><dimIncrement>1</dimIncrement><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>
</fields></register></registers></peripheral></peripherals></device>`;
  const r = await importSvd(svd, 'bits.svd');
  assert.ok(r.ok, r.compiled?.format());
  assert.equal(r.diagnostics.map((d) => located(svd, 'bits.svd', d)), ["3:1 warning SVD102 field 'B32' [32:32] is outside the 32-bit register 'R'; left out (and the 7 after it)"]);
  const fields = (r.compiled!.ir!.devices[0]!.blockTypes[0]!.nodes[0] as IrRegister).fields;
  assert.equal([fields.length, fields[0]!.name, fields[31]!.name, fields[31]!.lsb], [32, 'B0', 'B31', 31]);
});

test('100 random SVDs full of vendor mistakes: every one converts to a spec that builds, never a crash', async () => {
  let built = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const { text, lowercase } = randomSvd(seed);
    const r = await importSvd(text, `random-${seed}.svd`, { lowercase });
    if (!r.compiled) {
      // Only when no peripheral had a register left to import.
      assert.match(r.format(), /no peripheral with registers to import/, `seed ${seed}`);
      continue;
    }
    assert.ok(r.ok, `seed ${seed}:\n${r.compiled.format()}`);
    built++;
  }
  assert.ok(built >= 90, `${built} of 100 built`);
});

test('a ~3,000-register SVD imports and builds (time printed; bench/ owns speed targets)', async () => {
  const g = generateSvd(100, 60);
  assert.is(g.registers, 3000);
  await importSvd(generateSvd(4, 10).text, 'warm.svd'); // load and JIT the compiler once
  // CPU time, not wall time: other work on a shared machine must not fail this test.
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await importSvd(g.text, 'big.svd');
  const cpu = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  assert.ok(r.ok, r.compiled?.format().slice(0, 2000));
  const d = r.compiled!.ir!.devices[0]!;
  assert.is(d.bars[0]!.nodes.length, 100);
  assert.is(d.blockTypes.length, 50, 'derived peripherals reuse their base type');
  assert.is(d.blockTypes.reduce((n, t) => n + t.nodes.length, 0), 3000);
  console.log(`    3,000-register SVD (${(g.text.length / 1e6).toFixed(1)} MB): imported and built in ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`);
});

test.run();
