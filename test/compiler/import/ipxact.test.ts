// IP-XACT import on components shaped like what Vivado (1685-2009), Kactus2 (2014), PeakRDL-ipxact
// (2014), a 1685-2022 tool and SPIRIT 1.5 generators write: every register, field, reset and side
// effect checked against the XML (the expected lines are read off each fixture by hand), the
// unsupported parts reported at their element, and each import re-exported and imported again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importIpxact } from '../../../compiler/import/ipxact/index.js';
import { deviceIpxact } from '../../../compiler/backends/ipxact/index.js';
import { formatSpec } from '../../../compiler/format/index.js';
import { lineColOf } from '../../../compiler/source/source.js';
import { registerLines } from '../backends/describe/lines.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/ipxact');
const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

const peakrdl = [
  '+0x0 irq_status :32 reset 0x0 volatile | done[0+4] rw/none/w1c',
  '+0x10 scratch :32 reset 0xcafe | value[0+32] rw/none/none',
  '+0x14 scratch :32 reset 0xcafe | value[0+32] rw/none/none',
  '+0x18 scratch :32 reset 0xcafe | value[0+32] rw/none/none',
  '+0x1c scratch :32 reset 0xcafe | value[0+32] rw/none/none',
  '+0x100 ctrl :32 reset 0x0 | dir[0+1] rw/none/none {to_dev=0x0,from_dev=0x1}; go[1+1] w/none/w1s',
  '+0x108 count :64 reset 0x0 volatile | bytes[0+48] r/clear/none',
  '+0x140 ctrl :32 reset 0x0 | dir[0+1] rw/none/none {to_dev=0x0,from_dev=0x1}; go[1+1] w/none/w1s',
  '+0x148 count :64 reset 0x0 volatile | bytes[0+48] r/clear/none',
];

const cases: { file: string; standard: string; lines: string[]; warnings: string[] }[] = [
  {
    file: 'vivado-2009.xml',
    standard: 'IEEE 1685-2009',
    lines: [
      '+0x0 status :32 reset 0x1 volatile | idle[0+1] r/none/none; done[1+1] rw/none/w1c',
      '+0x4 time :32 reset 0x0 | count[0+32] r/clear/none',
      '+0x8 control :32 reset 0x4 | enable[0+1] rw/none/none; mode[1+2] rw/none/none {oneshot=0x0,periodic=0x2}; start[8+1] w/none/w1s',
    ],
    warnings: ["48:13 IPX101 field 'done': <testable> has no .regs equivalent; ignored"],
  },
  {
    file: 'kactus2-2014.xml',
    standard: 'IEEE 1685-2014',
    lines: [
      '+0x0 status :16 reset 0x1 volatile | zero[0+1] r/none/none; overflow[1+1] r/clear/none',
      // reset 'h10 of the field at bit 1; <volatile>false</volatile> overrides the block's true
      '+0x2 modstart :16 reset 0x20 | address[1+15] rw/none/none',
      // offset BYTES*8 with BYTES = DATA_WIDTH/8 = 2: eight 16-bit registers from 0x10
      ...Array.from({ length: 8 }, (_, i) => `+0x${(0x10 + 2 * i).toString(16)} work :16 reset 0x0 volatile | data[0+16] rw/none/none`),
    ],
    warnings: ["18:9 IPX101 address block 'data' at 0x40 is memory, not registers; .regs describes registers only, so it is left out"],
  },
  { file: 'peakrdl-2014.xml', standard: 'IEEE 1685-2014', lines: peakrdl, warnings: [] },
  { file: 'ipxact-2022.xml', standard: 'IEEE 1685-2022', lines: peakrdl, warnings: [] },
  {
    file: 'spirit-1.5.xml',
    standard: 'SPIRIT 1.5',
    lines: ['+0x0 ctrl :32 reset 0x100 | byte0[0+8] rw/none/none; byte1[8+8] rw/none/none', '+0x10 irq :32 reset 0x0 volatile | pending[0+1] rw/none/w0c'],
    warnings: [
      "27:13 IPX101 field 'byte0': <writeValueConstraint> has no .regs equivalent; ignored",
      "38:11 IPX101 register 'wide' is 24 bits wide; .regs registers are 8, 16, 32 or 64 bits, so it is left out",
    ],
  },
];

for (const c of cases) {
  test(`${c.file} (${c.standard}): registers, fields, resets and side effects as the XML says; unsupported parts reported; fmt-stable; re-export round-trips`, async () => {
    const text = read(c.file);
    const r = await importIpxact(text, c.file);
    assert.ok(r.ok, r.compiled?.format() ?? r.format());
    assert.is(r.standard, c.standard);
    const d = r.compiled!.ir!.devices[0]!;
    assert.equal(registerLines(d, { volatile: true }), [c.lines]);
    assert.equal(
      r.diagnostics.map((x) => {
        const { line, col } = lineColOf({ file: c.file, text }, x.span.start);
        return `${line}:${col} ${x.code} ${x.message}`;
      }),
      c.warnings,
    );
    const f = formatSpec(r.regs!, 'x.regs');
    assert.ok('text' in f && f.text === r.regs, 'import output is fmt-stable');
    const again = await importIpxact(deviceIpxact(d), 'again.ipxact.xml');
    assert.ok(again.ok, again.format());
    assert.equal(registerLines(again.compiled!.ir!.devices[0]!, { volatile: true }), [c.lines]);
  });
}

test('a file that is not IP-XACT, or has no registers, is an error and produces no spec', async () => {
  let r = await importIpxact('<component><name>x</name></component>', 'plain.xml');
  assert.not.ok(r.ok);
  assert.match(r.format(), /plain\.xml:1:1: error: <component> declares no IP-XACT namespace .* \[IPX002\]/);
  r = await importIpxact('<ipxact:component xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014"><ipxact:name>x</ipxact:name></ipxact:component>', 'empty.xml');
  assert.not.ok(r.ok);
  assert.match(r.format(), /error: no memory map with registers to import \[IPX002\]/);
  r = await importIpxact('<ipxact:component', 'bad.xml');
  assert.not.ok(r.ok);
  assert.match(r.format(), /error: malformed XML/);
});

test.run();
