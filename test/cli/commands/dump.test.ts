// `regmill dump`: the decoded register file of a --file-mapped device whose content this test wrote,
// --json, --sim, rc registers never read without --include-rc (proved with a recording Mmio), arrays
// capped, and clear errors for bad invocations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../cli/main.js';
import type { CliIO } from '../../../cli/command.js';
import { dumpBar, formatDump } from '../../../cli/commands/dump/decode.js';
import { TypedArrayMmio, type Mmio } from '../../../runtime/registers/mmio.js';
import { bar, device, field, reg } from '../../runtime/sim/ir-builder.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eduSpec = path.join(root, 'specs/edu.regs');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: root };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A 1 MiB file laid out like edu's BAR0 with known contents. */
function eduImage(dir: string): string {
  const buf = Buffer.alloc(1 << 20);
  buf.writeUInt32LE(0x010200ed, 0x00); // ident: major 1, minor 2
  buf.writeUInt32LE(0xedcba987, 0x04);
  buf.writeUInt32LE(120, 0x08);
  buf.writeUInt32LE(0x81, 0x20); // computing + irq_fact
  buf.writeUInt32LE(0x101, 0x24);
  buf.writeBigUInt64LE(0x1_2345_6000n, 0x80);
  buf.writeBigUInt64LE(0x40000n, 0x88);
  buf.writeBigUInt64LE(2048n, 0x90);
  buf.writeBigUInt64LE(0b111n, 0x98); // start, from_device, irq
  const file = path.join(dir, 'edu-bar0.bin');
  writeFileSync(file, buf);
  return file;
}

test('dump --file: every readable edu register, decoded with enum names, aligned', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-dump-'));
  try {
    const r = await run(['dump', '--spec', eduSpec, '--file', eduImage(dir)]);
    assert.is(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^edu BAR0 regs — file backend \(BAR 0 = .*edu-bar0\.bin/);
    assert.match(lines[1]!, /^offset\s+register\s+value\s+fields$/);
    const row = (name: string): string => lines.find((l) => l.split(/\s+/)[1] === name) ?? '';
    assert.match(row('ident'), /^0x00000\s+ident\s+0x010200ed\s+magic=0xed  minor=0x2  major=0x1$/);
    assert.match(row('liveness'), /0xedcba987$/);
    assert.match(row('factorial'), /0x00000078$/);
    assert.match(row('status'), /0x00000081\s+computing=1  irq_fact=1$/);
    assert.match(row('irq_status'), /fact=1  dma=1$/);
    assert.match(row('dma_src'), /0x0000000123456000$/);
    assert.match(row('dma_cmd'), /start=1  direction=from_device\(1\)  irq=1$/);
    assert.not.match(r.out, /irq_raise  /, 'write-only registers are not read');
    assert.match(r.out, /note: write-only, not read: irq_raise, irq_ack/);
    // columns line up: every row's value starts at the same column
    const col = lines[1]!.indexOf('value');
    for (const l of lines.slice(2, 11)) assert.is(l[col - 1], ' ', `aligned: ${l}`);
    assert.match(lines[2]!.slice(col), /^0x/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dump --json: machine-readable values and fields', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-dump-'));
  try {
    const r = await run(['dump', '--spec', eduSpec, '--file', eduImage(dir), '--bar', '0', '--json']);
    assert.is(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { device: string; bars: { bar: number; registers: { path: string; value?: string; fields: Record<string, { value: string; enum?: string }> }[] }[] };
    assert.is(j.device, 'edu');
    const regs = j.bars[0]!.registers;
    const cmd = regs.find((x) => x.path === 'dma_cmd')!;
    assert.is(cmd.value, '0x7');
    assert.equal(cmd.fields.direction, { value: '0x1', enum: 'from_device' });
    assert.is(regs.find((x) => x.path === 'ident')!.value, '0x10200ed');
    assert.not.ok(regs.some((x) => x.path === 'irq_ack'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dump --sim: the simulated edu shows its reset values', async () => {
  const r = await run(['dump', '--spec', eduSpec, '--sim']);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /simulated edu/);
  assert.match(r.out, /ident\s+0x010000ed\s+magic=0xed  minor=0x0  major=0x1/);
});

/** Records every access; reads return a recognisable value per offset. */
class RecordingMmio implements Mmio {
  readonly log: string[] = [];
  constructor(readonly size: number) {}
  read8(o: number): number { this.log.push(`r8 ${o}`); return 0; }
  read16(o: number): number { this.log.push(`r16 ${o}`); return 0; }
  read32(o: number): number { this.log.push(`r32 ${o}`); return (0xa0000000 | o) >>> 0; }
  read64(o: number): bigint { this.log.push(`r64 ${o}`); return BigInt(o); }
  write8(o: number): void { this.log.push(`w8 ${o}`); }
  write16(o: number): void { this.log.push(`w16 ${o}`); }
  write32(o: number): void { this.log.push(`w32 ${o}`); }
  write64(o: number): void { this.log.push(`w64 ${o}`); }
  fence(): void { this.log.push('fence'); }
}

function nic() {
  return device('nic', [
    bar(0, 'regs', 0x10000, [
      reg('ctrl', 0x0, 32, [field('en', 0), field('mode', 1, 2, 'rw', 0, 'mode')]),
      reg('icr', 0xc0, 32, [field('txdw', 0, 1, 'rc w1c')]),
      reg('sema', 0xc4, 32, [field('lock', 0, 1, 'rs')]),
      reg('imc', 0xd8, 32, 'wo'),
      reg('crcerrs', 0x4000, 32, 'rc'),
      reg('mta', 0x5200, 32, 'rw', { count: 128 }),
      reg('tsc', 0x10, 64, 'ro'),
    ]),
  ], { enums: [{ name: 'mode', width: 2, doc: '', values: [{ name: 'off', value: '0x0', doc: '' }, { name: 'fast', value: '0x2', doc: '' }] }] });
}

test('rc/rs registers are never read without --include-rc; write-only never; each read is one access of the register width', () => {
  const ir = nic();
  const io = new RecordingMmio(0x10000);
  const d = dumpBar(ir, ir.bars[0]!, io, {});
  assert.not.ok(io.log.some((l) => / (192|196|16384|216)$/.test(l)), `no access to icr/sema/crcerrs/imc: ${io.log.join(', ')}`);
  assert.ok(io.log.every((l) => l.startsWith('r')), 'dump never writes');
  assert.ok(io.log.includes('r64 16'), 'the 64-bit register is one 64-bit read');
  assert.is(io.log.filter((l) => l.startsWith('r32 ' )).length, 1 + 16, 'ctrl + 16 of 128 mta elements');
  assert.match(d.notes.join('\n'), /mta: showing 16 of 128 elements/);
  const text = formatDump(d, 'nic');
  assert.match(text, /icr\s+-\s+not read \(a read clears it; --include-rc\)/);
  assert.match(text, /sema\s+-\s+not read \(a read sets it; --include-rc\)/);
  assert.match(text, /ctrl\s+0xa0000000\s+en=0  mode=off\(0x0\)/);

  const io2 = new RecordingMmio(0x10000);
  const all = dumpBar(ir, ir.bars[0]!, io2, { includeRc: true, maxElements: 200 });
  assert.ok(io2.log.includes('r32 192') && io2.log.includes('r32 196') && io2.log.includes('r32 16384'));
  assert.not.ok(io2.log.includes('r32 216'), 'write-only imc is never read');
  assert.is(all.rows.filter((r) => r.path.startsWith('mta[')).length, 128);
});

test('block arrays: every instance decoded with its path; nested arrays capped with one note', () => {
  const q = { name: 'queue', doc: '', size: 0x40, nodes: [reg('ctrl', 0, 32), reg('ring', 0x10, 32, 'rw', { count: 8 }), reg('kick', 0x30, 32, 'wo')], at: { file: 't', line: 1, col: 1 } };
  const ir = device('q', [bar(0, 'regs', 0x1000, [{ kind: 'block', name: 'q', doc: '', offset: 0x100, type: 'queue', array: { count: 3, stride: 0x40 }, at: { file: 't', line: 1, col: 1 } }])], { blockTypes: [q] });
  const io = new RecordingMmio(0x1000);
  const d = dumpBar(ir, ir.bars[0]!, io, { maxElements: 2 });
  assert.equal(d.rows.map((r) => `${r.path}@${r.offset.toString(16)}`), ['q[0].ctrl@100', 'q[0].ring[0]@110', 'q[0].ring[1]@114', 'q[1].ctrl@140', 'q[1].ring[0]@150', 'q[1].ring[1]@154']);
  assert.equal(d.notes, ['q: showing 2 of 3 elements (--max-elements N shows more)', 'q[].ring: showing 2 of 8 elements per instance (--max-elements N shows more)', 'write-only, not read: q[].kick']);
});

test('unknown enum values print as numbers; decode works over a TypedArrayMmio', () => {
  const ir = nic();
  const mem = new ArrayBuffer(0x10000);
  new DataView(mem).setUint32(0, 0b111, true);
  const d = dumpBar(ir, ir.bars[0]!, new TypedArrayMmio(mem), {});
  assert.match(formatDump(d, 'nic'), /ctrl\s+0x00000007\s+en=1  mode=0x3\n/);
});

test('bad invocations: clear errors and exit codes', async () => {
  let r = await run(['dump', '--sim']);
  assert.is(r.code, 2);
  assert.match(r.err, /regmill dump: error: missing --spec/);
  r = await run(['dump', '--spec', eduSpec]);
  assert.is(r.code, 2);
  assert.match(r.err, /no device given: use one of --uio, --vfio, --resource, --file, --sim/);
  r = await run(['dump', '--spec', eduSpec, '--sim', '--file', 'x']);
  assert.match(r.err, /give one device source, not --file and --sim/);
  r = await run(['dump', '--spec', eduSpec, '--sim', '--bar', '3']);
  assert.is(r.code, 1);
  assert.match(r.err, /edu has no BAR 3 \(BARs: 0\)/);
  r = await run(['dump', '--spec', eduSpec, '--sim', '--bar', 'x']);
  assert.match(r.err, /--bar expects an integer 0\.\.5, got 'x'/);
  r = await run(['dump', '--spec', eduSpec, '--file', '/nonexistent/bar0.bin']);
  assert.is(r.code, 1);
  assert.match(r.err, /ENOENT/);
  assert.match(r.err, /\/nonexistent\/bar0\.bin/);
  r = await run(['dump', '--spec', path.join(root, 'specs/does-not-exist.regs'), '--sim']);
  assert.is(r.code, 1);
  assert.not.match(r.err, /\n\s+at /, 'no stack trace');
});

test('a file smaller than the BAR is a clear size error', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-dump-'));
  try {
    const small = path.join(dir, 'small.bin');
    writeFileSync(small, Buffer.alloc(4096));
    const r = await run(['dump', '--spec', eduSpec, '--file', small]);
    assert.is(r.code, 1);
    assert.match(r.err, /regmill dump: error: .*1048576/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
