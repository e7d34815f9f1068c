// The issue-15 reproducers: peripherals that share an address range without a common register are all
// kept; alternate register views keep one view per address (or the --prefer'red one); a Cortex-M map
// spanning 0x4000_0000..0xE000_EFFF becomes one BAR per dense range, and every back end builds it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSvd } from '../../../compiler/import/svd/index.js';
import { compile } from '../../../compiler/compile.js';
import { formatSpec } from '../../../compiler/format/index.js';
import type { IrDevice, IrNode } from '../../../compiler/ir/ir.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/svd/repro');
const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

/** Every register of a device as `SVD address name` (BAR base + instance offset + register offset). */
function registers(d: IrDevice, bases: readonly number[]): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly IrNode[], at: number, prefix: string): void => {
    for (const n of nodes) {
      if (n.kind === 'register') out.push(`0x${(at + n.offset).toString(16)} ${prefix}${n.name}`);
      else walk(d.blockTypes.find((t) => t.name === n.type)!.nodes, at + n.offset, `${prefix}${n.name}.`);
    }
  };
  d.bars.forEach((b, i) => walk(b.nodes, bases[i]!, ''));
  return out.sort();
}

/** BAR bases from the device doc the importer writes ("BAR n offset = SVD address - 0x…"). */
function bases(d: IrDevice): number[] {
  return [...d.doc.matchAll(/offset = SVD address - (0x[0-9a-f_]+)/g)].map((m) => Number(m[1]!.replace(/_/g, '')));
}

async function imported(name: string, prefer?: string[]) {
  const r = await importSvd(read(name), name, prefer ? { prefer } : {});
  assert.ok(r.ok, r.compiled?.format() ?? r.format());
  const f = formatSpec(r.regs!, 'x.regs');
  assert.ok('text' in f && f.text === r.regs, `${name}: import output is not fmt-stable`);
  return { r, d: r.compiled!.ir!.devices[0]! };
}

test('shared_base.svd: RTC at the same base as WDOG and CMU inside USB\'s gap are kept, every register at its SVD address', async () => {
  const { r, d } = await imported('shared_base.svd');
  assert.equal(registers(d, bases(d)), [
    '0x10000000 WDOG.CFG',
    '0x10000008 WDOG.CNT',
    '0x10000040 RTC.RTCCFG',
    '0x10000048 RTC.RTCLO',
    '0x20000000 USB_CTRL',
    '0x20004000 CMU.CTRL',
    '0x20010000 USB_CORE',
  ]);
  assert.equal(r.diagnostics.filter((x) => x.code === 'SVD102'), [], 'nothing left out');
});

test('altgroup.svd: one PUSHR view stays; --prefer picks the other', async () => {
  let { r, d } = await imported('altgroup.svd');
  assert.equal(registers(d, bases(d)), ['0x4002c000 SPI0.MCR', '0x4002c034 SPI0.PUSHR']);
  assert.match(r.format(), /register 'PUSHR_SLAVE' at 0x4002_c034 \(an alternate view: <alternateGroup>SPI0<\/alternateGroup>\) overlaps 'PUSHR'.*--prefer PUSHR_SLAVE/);
  ({ r, d } = await imported('altgroup.svd', ['pushr_slave']));
  assert.equal(registers(d, bases(d)), ['0x4002c000 SPI0.MCR', '0x4002c034 SPI0.PUSHR_SLAVE']);
  // Without alternates the output is unchanged by the new rules.
  ({ d } = await imported('noalt.svd'));
  assert.equal(registers(d, bases(d)), ['0x4002c000 SPI0.MCR']);
});

test('ppb.svd: GPIO at 0x4002_0000 and SCB at 0xE000_ED00 get a BAR each, small ones', async () => {
  const { d } = await imported('ppb.svd');
  assert.equal(d.bars.map((b) => [b.name, b.size]), [['periph_40020000', 4], ['periph_e000ed00', 4]]);
  assert.equal(registers(d, bases(d)), ['0x40020000 GPIOA.MODER', '0xe000ed00 SCB.CPUID']);
});

test('every back end (ts, wasm, c, docs, ir) builds the three reproducers', async () => {
  for (const name of ['shared_base.svd', 'altgroup.svd', 'ppb.svd']) {
    const { r } = await imported(name);
    const c = await compile({ text: r.regs!, file: name.replace('.svd', '.regs') }, { emit: ['ts', 'wasm', 'c', 'docs', 'ir'] });
    assert.ok(c.ok, `${name}: ${c.format()}`);
    for (const ext of ['.ts', '.wasm', '.h', '.md', '.ir.json']) assert.ok(c.files.some((f) => f.path.endsWith(ext)), `${name}: no ${ext} in ${c.files.map((f) => f.path).join(', ')}`);
  }
});

test('a hand-written BAR too large for a wasm window is a located RM0312 error, not an internal error', async () => {
  const text = 'device huge {\n  bar 0 regs mmio size 0x1_0000_0000 {\n    register a @ 0x0 : 32 rw;\n  }\n}\n';
  const c = await compile({ text, file: 'huge.regs' }, { emit: ['wasm'] });
  assert.not.ok(c.ok);
  assert.match(c.format(), /^huge\.regs:2:3: error: BAR 0 \(regs\) of huge does not fit a 4 GiB wasm32 device window .*build without --emit wasm for this device \[RM0312\]/);
});

test.run();
