// Every construct of docs/language.md parses into the AST shape lowering expects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { clean, device, parseText, shape, spanText } from './helpers.js';
import type { BlockDecl, RegisterDecl, BlockInstance } from '../../../compiler/syntax/ast.js';

const num = (value: bigint) => ({ kind: 'number', value });
const id = (n: string) => ({ name: n });
const path = (...names: string[]) => ({ parts: names.map((n) => ({ name: n })) });

function registers(body: string): RegisterDecl[] {
  const bar = device(`bar 0 regs mmio size 4K {\n${body}\n}`).bars[0]!;
  return (bar.items ?? []).filter((i): i is RegisterDecl => i.kind === 'register');
}

test('the complete example at the top of docs/language.md parses cleanly', () => {
  const md = readFileSync('docs/language.md', 'utf8');
  const first = /```regs\n([\s\S]*?)```/.exec(md)![1]!;
  const ast = clean(first);
  const d = ast.items[0]!;
  assert.is(d.kind, 'device');
  if (d.kind !== 'device') return;
  assert.is(d.name.name, 'blinky');
  assert.is(d.doc, 'An FPGA LED controller');
  assert.equal(shape(d.pci), { kind: 'pci', properties: [{ key: id('vendor'), value: num(0x10een) }, { key: id('device'), value: num(0x7011n) }] });
  const regs = d.bars[0]!.items!.map((r) => r.name.name);
  assert.equal(regs, ['ctrl', 'status', 'leds']);
  assert.is(d.interrupts[0]!.causes[0]!.name.name, 'done');
});

test('empty file and comment-only file are an empty spec', () => {
  assert.equal(shape(clean('')), { kind: 'file', items: [] });
  assert.equal(shape(clean('// nothing\n/* here */\n')), { kind: 'file', items: [] });
});

test('import, const with doc, top-level enum', () => {
  const ast = clean('import "common/pci-std.regs";\nconst QUEUES = 4 "How many";\nenum size "Buffer size" { b2048 = 0, b1024 = 1 "small", }\n');
  assert.equal(shape(ast.items), [
    { kind: 'import', path: 'common/pci-std.regs' },
    { kind: 'const', name: id('QUEUES'), value: num(4n), doc: 'How many' },
    { kind: 'enum', name: id('size'), values: [{ name: id('b2048'), value: num(0n) }, { name: id('b1024'), value: num(1n), doc: 'small' }], doc: 'Buffer size' },
  ]);
  const imp = ast.items[0]!;
  assert.is(imp.kind === 'import' ? spanText('import "common/pci-std.regs";', imp.pathSpan) : '', '"common/pci-std.regs"');
});

test('device with pci identity, doc string and doc statements (concatenated)', () => {
  const text = 'device e1000e "Intel 82574L" {\n  pci { vendor = 0x8086; device = 0x10d3; class = 0x020000; }\n  doc "Section 10.";\n}';
  const d = clean(text).items[0]!;
  assert.equal(shape(d), {
    kind: 'device',
    name: id('e1000e'),
    doc: 'Intel 82574L\n\nSection 10.',
    pci: { kind: 'pci', properties: [{ key: id('vendor'), value: num(0x8086n) }, { key: id('device'), value: num(0x10d3n) }, { key: id('class'), value: num(0x20000n) }] },
    bars: [],
    interrupts: [],
    layouts: [],
    rings: [],
  });
  assert.is(spanText(text, d.span), text, 'device span covers the whole declaration');
});

test('BARs: with body, raw with flags, io', () => {
  const d = device('bar 0 regs mmio size 128K "Internal" { }\nbar 2 shmem mmio size 4M prefetchable 64bit "Shared";\nbar 4 ioport io size 32;');
  assert.equal(shape(d.bars), [
    { kind: 'bar', index: num(0n), name: id('regs'), barKind: id('mmio'), size: num(131072n), flags: [], doc: 'Internal', items: [] },
    { kind: 'bar', index: num(2n), name: id('shmem'), barKind: id('mmio'), size: num(4194304n), flags: [id('prefetchable'), id('64bit')], doc: 'Shared' },
    { kind: 'bar', index: num(4n), name: id('ioport'), barKind: id('io'), size: num(32n), flags: [] },
  ]);
  assert.is(d.bars[1]!.items, undefined, 'a BAR without a body has no register map');
});

test('registers: offset, width, access shorthands, volatile, reset, doc, arrays with stride before or after @', () => {
  const regs = registers(`
    register ctrl @ 0x0000 : 32 rw reset 0x0000_0040 "Device Control";
    register icr @ 0x00c0 : 32 rc w1c volatile "Interrupt Cause Read";
    register ral[16] @ 0x5400 stride 8 : 32 rw;
    register rah[16] stride 8 @ 0x5404 : 32 rw;
    register mta[128] @ 0x5200 : 32 rw;
    register tsc @ 0x0010 : 64 ro volatile;`);
  assert.equal(shape(regs[0]), {
    kind: 'register', name: id('ctrl'), offset: num(0n), width: num(32n),
    access: [{ kind: 'shorthand', name: 'rw' }], volatile: false, reset: num(0x40n), doc: 'Device Control', fields: [],
  });
  assert.equal(shape(regs[1]!.access), [{ kind: 'shorthand', name: 'rc' }, { kind: 'shorthand', name: 'w1c' }]);
  assert.is(regs[1]!.volatile, true);
  assert.equal(shape(regs[2]!.array), { count: num(16n), stride: num(8n) });
  assert.equal(shape(regs[3]!.array), { count: num(16n), stride: num(8n) });
  assert.equal(shape(regs[4]!.array), { count: num(128n) });
  assert.equal(shape(regs[5]!.width), num(64n));
});

test('explicit access properties keep key and value, mixed with shorthands', () => {
  const [r] = registers('register st @ 0 : 32 rc sw=rw onread=clear onwrite=w1c;');
  assert.equal(shape(r!.access), [
    { kind: 'shorthand', name: 'rc' },
    { kind: 'property', key: 'sw', value: id('rw') },
    { kind: 'property', key: 'onread', value: id('clear') },
    { kind: 'property', key: 'onwrite', value: id('w1c') },
  ]);
});

test('fields: bits, access, volatile, reset, inline and named enums, docs; reserved with policy; doc in a body', () => {
  const text = `register rctl @ 0x0100 : 32 rw {
      field en [1] "Receiver Enable";
      field rdmts [9:8] enum { half = 0, quarter = 1 "one quarter", eighth = 2 };
      field bsize [17:16] enum buffer_size;
      field secrc [26] w1c volatile reset 0;
      field p [3] sw=r onread=set;
      reserved [31:27] preserve;
      reserved [7];
      doc "Receive control.";
    }`;
  const [r] = registers(text);
  assert.is(r!.doc, 'Receive control.');
  assert.equal(shape(r!.fields), [
    { kind: 'field', name: id('en'), bits: { msb: num(1n) }, access: [], volatile: false, doc: 'Receiver Enable' },
    {
      kind: 'field', name: id('rdmts'), bits: { msb: num(9n), lsb: num(8n) }, access: [], volatile: false,
      enum: { kind: 'inline', values: [{ name: id('half'), value: num(0n) }, { name: id('quarter'), value: num(1n), doc: 'one quarter' }, { name: id('eighth'), value: num(2n) }] },
    },
    { kind: 'field', name: id('bsize'), bits: { msb: num(17n), lsb: num(16n) }, access: [], volatile: false, enum: { kind: 'ref', name: id('buffer_size') } },
    { kind: 'field', name: id('secrc'), bits: { msb: num(26n) }, access: [{ kind: 'shorthand', name: 'w1c' }], volatile: true, reset: num(0n) },
    { kind: 'field', name: id('p'), bits: { msb: num(3n) }, access: [{ kind: 'property', key: 'sw', value: id('r') }, { kind: 'property', key: 'onread', value: id('set') }], volatile: false },
    { kind: 'reserved', bits: { msb: num(31n), lsb: num(27n) }, policy: id('preserve') },
    { kind: 'reserved', bits: { msb: num(7n) } },
  ]);
});

test('top-level blocks and block instances: typed arrays and inline bodies, nested, in source order', () => {
  const ast = clean(`
block rx_queue "One receive queue" {
  register rdbal @ 0x00 : 32 rw;
  doc "More.";
  block inner @ 0x40 { register x @ 0 : 32 rw; }
}
device d {
  bar 0 regs mmio size 128K {
    register first @ 0 : 32 rw;
    block rxq[2] @ 0x2800 stride 0x100 : rx_queue;
    block phy @ 0x0020 "PHY" { register mdic @ 0 : 32 rw volatile; }
    register last @ 4 : 32 rw;
    block txq[4] stride 0x40 @ 0x3800 : rx_queue "Per queue";
  }
}`);
  const block = ast.items[0] as BlockDecl;
  assert.is(block.kind, 'block');
  assert.is(block.doc, 'One receive queue\n\nMore.');
  assert.equal(block.items.map((i) => i.name.name), ['rdbal', 'inner']);
  const inner = block.items[1] as BlockInstance;
  assert.equal(shape(inner), { kind: 'blockInstance', name: id('inner'), offset: num(0x40n), items: [shape((inner.items ?? [])[0])] });
  const d = ast.items[1]!;
  if (d.kind !== 'device') throw new Error('device');
  const items = d.bars[0]!.items!;
  assert.equal(items.map((i) => `${i.kind}:${i.name.name}`), ['register:first', 'blockInstance:rxq', 'blockInstance:phy', 'register:last', 'blockInstance:txq']);
  assert.equal(shape(items[1]), { kind: 'blockInstance', name: id('rxq'), array: { count: num(2n), stride: num(0x100n) }, offset: num(0x2800n), type: id('rx_queue') });
  const phy = items[2] as BlockInstance;
  assert.is(phy.doc, 'PHY');
  assert.equal(phy.items!.map((r) => r.name.name), ['mdic']);
  assert.equal(shape(items[4]), { kind: 'blockInstance', name: id('txq'), array: { count: num(4n), stride: num(0x40n) }, offset: num(0x3800n), type: id('rx_queue'), doc: 'Per queue' });
});

test('interrupts: group settings, causes with overrides, ack mode vs ack path, vectors', () => {
  const d = device(`interrupts main "ICR/IMS" {
    status icr;
    enable set ims clear imc;
    test ics;
    ack w1c;
    vector msix 0;
    cause txdw "Transmit Descriptor Written Back";
    cause rxt0 "Receiver Timer" vector msix 1;
    cause other status icr.other enable ctrl_ext.other_en ack ackreg.other vector intx;
    cause q status regs.rx[2].status enable set;
  }`);
  const g = d.interrupts[0]!;
  assert.equal(shape(g), {
    kind: 'interrupts',
    name: id('main'),
    doc: 'ICR/IMS',
    status: path('icr'),
    enable: { set: path('ims'), clear: path('imc') },
    test: path('ics'),
    ack: { mode: id('w1c') },
    vector: { kind: id('msix'), index: num(0n) },
    causes: [
      { name: id('txdw'), doc: 'Transmit Descriptor Written Back' },
      { name: id('rxt0'), doc: 'Receiver Timer', vector: { kind: id('msix'), index: num(1n) } },
      { name: id('other'), status: path('icr', 'other'), enable: { target: path('ctrl_ext', 'other_en') }, ack: { target: path('ackreg', 'other') }, vector: { kind: id('intx') } },
      {
        name: id('q'),
        status: { parts: [{ name: 'regs' }, { name: 'rx', index: num(2n) }, { name: 'status' }] },
        enable: { target: path('set') },
      },
    ],
  });
});

test("interrupts: 'mask set … clear …' on the group, a cause's 'ring RING' and 'status none'", () => {
  const d = device(`interrupts completion {
    mask set intms clear regs.intmc;
    cause cq "new entries" ring cq;
    cause pin status none vector intx;
    cause reg status none_reg.none;
  }`);
  const g = d.interrupts[0]!;
  assert.equal(shape(g.mask), { set: path('intms'), clear: path('regs', 'intmc') });
  const [cq, pin, reg] = g.causes;
  assert.equal(shape(cq!.ring), id('cq'));
  assert.equal([cq!.status, cq!.noStatus], [undefined, undefined]);
  // A lone `none` is "no status register"; a path that only contains the word is a path.
  assert.ok(pin!.noStatus !== undefined && pin!.status === undefined);
  assert.equal(shape(reg!.status), path('none_reg', 'none'));
});

test("'mask' in a cause and 'ring' in a group are not allowed there (RM0111)", () => {
  for (const [body, message] of [
    ['interrupts g { cause c mask set a clear b; }', "'mask' is not allowed here"],
    ['interrupts g { ring cq; cause c status none; }', "'ring' is not allowed here"],
  ] as const) {
    const r = parseText(`device d {\n${body}\n}`);
    assert.ok(r.diagnostics.some((x) => x.code === 'RM0111' && x.message.startsWith(message)), `${body}: ${r.diagnostics.map((x) => x.message).join('; ')}`);
  }
});

test("fields: 'enum by SELECTOR { KEY: ENUM, … }' (a trailing comma allowed); 'enum by;' names an enum called by", () => {
  const d = device(`bar 0 regs mmio size 4K {
    register st @ 0 : 32 {
      field sc [24:17] enum by sct { generic: generic_status, media: media_status, } "Status";
      field x [1] enum by;
      field y [2] enum by k { a: e } { allow RM0412 "r"; }
    }
  }`);
  const r = d.bars[0]!.items![0] as unknown as { fields: { enum: unknown; doc?: string; allows?: unknown[] }[] };
  const [sc, x, y] = r.fields;
  assert.equal(shape(sc!.enum), { kind: 'by', selector: id('sct'), cases: [{ key: id('generic'), enum: id('generic_status') }, { key: id('media'), enum: id('media_status') }] });
  assert.is(sc!.doc, 'Status');
  assert.equal(shape(x!.enum), { kind: 'ref', name: id('by') });
  assert.equal((y!.enum as { kind: string }).kind, 'by');
  assert.is(y!.allows!.length, 1, 'a body after the case list is the field body');
});

test("'enum by' with a case missing its ':' is a syntax error at the case", () => {
  const r = parseText('layout l size 4 {\n  word w @ 0 : 32 { field f [1:0] enum by s { a b }; field s [3:2]; }\n}\n');
  assert.ok(r.diagnostics.some((x) => x.code === 'RM0110' && /expected ':'/.test(x.message)), r.diagnostics.map((x) => x.message).join('; '));
});

test('ack with a register named like nothing special is a path; every ack mode word is a mode', () => {
  for (const mode of ['w1c', 'w0c', 'w1t', 'rc', 'none']) {
    const g = device(`interrupts i { ack ${mode}; }`).interrupts[0]!;
    assert.equal(shape(g.ack), { mode: id(mode) }, mode);
  }
  assert.equal(shape(device('interrupts i { ack ackreg; }').interrupts[0]!.ack), { target: path('ackreg') });
});

test('layouts (top-level and in a device) with words, done and owner; rings', () => {
  const text = `layout tx_desc size 16 align 16 "Legacy transmit descriptor" {
  word buffer_addr @ 0 : 64;
  word cmd @ 11 : 8 { field eop [0]; field rs [3]; }
  word status @ 12 : 8 { field dd [0]; }
  done status.dd;
  owner cmd.eop = 1;
}
device d {
  layout rx size 8 { word a @ 0 : 64; }
  ring tx of tx_desc "Transmit" { count 256; tail regs.tdt; head regs.tdh; base_lo regs.tdbal; base_hi regs.tdbah; length regs.tdlen; }
}`;
  const ast = clean(text);
  const l = ast.items[0]!;
  if (l.kind !== 'layout') throw new Error('layout');
  assert.is(l.name.name, 'tx_desc');
  assert.equal(shape(l.size), num(16n));
  assert.equal(shape(l.align), num(16n));
  assert.is(l.doc, 'Legacy transmit descriptor');
  assert.equal(l.words.map((w) => w.name.name), ['buffer_addr', 'cmd', 'status']);
  assert.equal(l.words[1]!.fields.map((f) => (f.kind === 'field' ? f.name.name : 'reserved')), ['eop', 'rs']);
  assert.equal(shape(l.done), path('status', 'dd'));
  assert.equal(shape(l.owner), { field: path('cmd', 'eop'), value: num(1n) });
  assert.is(spanText(text, l.owner!.span), 'owner cmd.eop = 1;');
  const d = ast.items[1]!;
  if (d.kind !== 'device') throw new Error('device');
  assert.equal(d.layouts.map((x) => x.name.name), ['rx']);
  assert.equal(shape(d.rings[0]), {
    kind: 'ring', name: id('tx'), layout: id('tx_desc'), doc: 'Transmit', count: num(256n),
    tail: path('regs', 'tdt'), head: path('regs', 'tdh'), baseLo: path('regs', 'tdbal'), baseHi: path('regs', 'tdbah'), length: path('regs', 'tdlen'),
  });
});

test('keywords are usable as names of registers, fields, blocks, enums values, constants and paths', () => {
  const words = ['status', 'mask', 'field', 'enable', 'size', 'test', 'done', 'count', 'register', 'block', 'reset', 'volatile', 'doc', 'set', 'clear', 'cause', 'word', 'length', 'of'];
  const regs = registers(words.map((w, i) => `register ${w} @ ${i * 4} : 32 rw { field ${w} [0]; }`).join('\n'));
  assert.equal(regs.map((r) => r.name.name), words);
  assert.equal(regs.map((r) => (r.fields[0]!.kind === 'field' ? r.fields[0]!.name.name : '')), words);
  const ast = clean('const size = 4; const count = size * 2; enum done { status = 1, test = 2 }');
  assert.equal(ast.items.map((i) => (i.kind === 'const' || i.kind === 'enum' ? i.name.name : '')), ['size', 'count', 'done']);
  const g = device('interrupts status { status status.done; enable enable; ack done.set; cause test status test.status; }').interrupts[0]!;
  assert.equal(shape(g.status), path('status', 'done'));
  assert.equal(shape(g.enable), { target: path('enable') });
  assert.equal(shape(g.causes[0]!.status), path('test', 'status'));
});

test('spans: names, registers, fields, bit ranges and paths cover exactly their text', () => {
  const text = 'device d {\n  bar 0 regs mmio size 4K {\n    register ctrl @ 0x10 : 32 rw { field mode [2:1] w1c; }\n  }\n  interrupts i { status regs.rx[1].st; }\n}';
  const r = parseText(text);
  assert.equal(r.diagnostics, []);
  const d = r.ast.items[0]!;
  if (d.kind !== 'device') throw new Error('device');
  const reg = d.bars[0]!.items![0] as RegisterDecl;
  assert.is(spanText(text, reg.span), 'register ctrl @ 0x10 : 32 rw { field mode [2:1] w1c; }');
  assert.is(spanText(text, reg.name.span), 'ctrl');
  assert.is(spanText(text, reg.offset.span), '0x10');
  assert.is(spanText(text, reg.access[0]!.span), 'rw');
  const f = reg.fields[0]!;
  assert.is(spanText(text, f.span), 'field mode [2:1] w1c;');
  assert.is(spanText(text, f.bits.span), '[2:1]');
  const st = d.interrupts[0]!.status!;
  assert.is(spanText(text, st.span), 'regs.rx[1].st');
  assert.is(spanText(text, st.parts[1]!.span), 'rx[1]');
  assert.equal(r.ast.span, { file: 't.regs', start: 0, end: text.length });
});

test.run();
