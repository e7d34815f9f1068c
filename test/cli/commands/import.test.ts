// `regmill import svd`: -o writes the golden spec, stdout without -o, --lowercase and --vendor/--device,
// exit 1 with nothing written for malformed XML or a spec that does not build, exit 2 for bad usage.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCommand } from '../../../cli/commands/import.js';
import type { CliIO } from '../../../cli/command.js';
import { compile } from '../../../compiler/compile.js';
import { generateSvd } from '../../compiler/import/generate-svd.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/svd');
const golden = readFileSync(path.join(fixtures, 'every-construct.regs'), 'utf8');

async function run(argv: string[], cwd = fixtures): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd };
  const code = await importCommand.run(argv, io);
  return { code, out, err };
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'regmill-import-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  '-o writes the golden spec; warnings and a summary go to stderr; exit 0',
  withDir(async (dir) => {
    const out = path.join(dir, 'every.regs');
    const r = await run(['svd', 'every-construct.svd', '-o', out]);
    assert.is(r.code, 0, r.err);
    assert.is(r.out, '');
    assert.fixture(readFileSync(out, 'utf8'), golden);
    assert.match(r.err, /^every-construct\.svd:39:7: warning: interrupt TIMER0 \(5\)/);
    assert.match(
      r.err,
      /regmill import: every-construct\.svd -> .*every\.regs\n  kept: +6 peripherals \(4 block types\) in 1 BAR, \d+ registers, \d+ fields\n  left out: +nothing\n  warnings: +3 warnings about the input in 2 kinds, 0 warnings about the spec\n$/,
    );
  }),
);

test('without -o the spec goes to stdout', async () => {
  const r = await run(['svd', 'every-construct.svd']);
  assert.is(r.code, 0, r.err);
  assert.fixture(r.out, golden);
});

test(
  '--lowercase and --vendor/--device: lowercase names and a pci identity that reaches the IR',
  withDir(async (dir) => {
    const out = path.join(dir, 'every.regs');
    const r = await run(['svd', 'every-construct.svd', '--lowercase', '--vendor', '0x10ee', '--device', '0x7777', '-o', out]);
    assert.is(r.code, 0, r.err);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /device every1 "A made-up MCU/);
    assert.match(text, /  pci \{ vendor = 0x10ee; device = 0x7777; \}/);
    assert.not.match(text, /--vendor\/--device/);
    const c = await compile({ path: out }, { emit: [] });
    assert.ok(c.ok, c.format());
    const d = c.ir!.devices[0]!;
    assert.equal(d.pci, { vendor: 0x10ee, device: 0x7777 });
    assert.equal(d.bars[0]!.nodes.map((n) => n.name), ['gpio_a', 'timer0', 'timer1', 'timer2', 'uart']);
  }),
);

test(
  'malformed XML: error with line:col, exit 1, nothing written',
  withDir(async (dir) => {
    const svd = path.join(dir, 'bad.svd');
    writeFileSync(svd, '<device>\n  <name>X</name>\n  <peripherals>\n    <peripheral>\n  </peripherals>\n</device>\n');
    const out = path.join(dir, 'bad.regs');
    const r = await run(['svd', 'bad.svd', '-o', out], dir);
    assert.is(r.code, 1);
    assert.match(r.err, /^bad\.svd:5:3: error: malformed XML: unexpected close tag \[SVD001\]\n    <\/peripherals>\n    \^\n/);
    assert.match(r.err, /regmill import: error: 'bad\.svd' could not be converted; nothing written\n$/);
    assert.not.ok(existsSync(out));
    assert.is(r.out, '');
  }),
);

test(
  'a spec the compiler rejects is not written: its diagnostics are printed, exit 1',
  withDir(async (dir) => {
    // 120 nested clusters: the .regs text nests braces deeper than the parser accepts (RM0121).
    let body = '<register><name>R</name><addressOffset>0</addressOffset></register>';
    for (let i = 0; i < 120; i++) body = `<cluster><name>C${i}</name><addressOffset>0</addressOffset>${body}</cluster>`;
    writeFileSync(path.join(dir, 'deep.svd'), `<device><name>D</name><size>32</size><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>${body}</registers></peripheral></peripherals></device>`);
    const out = path.join(dir, 'deep.regs');
    const r = await run(['svd', 'deep.svd', '-o', out], dir);
    assert.is(r.code, 1);
    assert.match(r.err, /deep\.regs:\d+:\d+: error: .*\[RM0121\]/);
    assert.match(r.err, /regmill import: error: the spec generated from 'deep\.svd' does not build .*nothing written/);
    assert.not.ok(existsSync(out));
  }),
);

test(
  'names the compiler would give an inline cluster block are avoided; misaligned registers are left out',
  withDir(async (dir) => {
    writeFileSync(
      path.join(dir, 'clash.svd'),
      `<device><name>D</name><size>32</size><peripherals>
<peripheral><name>A</name><baseAddress>0</baseAddress><registers>
<cluster><name>B</name><addressOffset>0</addressOffset><register><name>R</name><addressOffset>0</addressOffset></register></cluster>
<register><name>ODD</name><addressOffset>0x6</addressOffset></register>
</registers></peripheral>
<peripheral><name>A_B</name><baseAddress>0x100</baseAddress><registers><register><name>R</name><addressOffset>0</addressOffset></register></registers></peripheral>
</peripherals></device>`,
    );
    const r = await run(['svd', 'clash.svd'], dir);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /block A_B @ 0x100 : A_B_2;/);
    assert.match(r.err, /clash\.svd:6:1: warning: the block of a cluster is already called 'A_B' .* \[SVD103\]/);
    assert.match(r.err, /clash\.svd:4:27: warning: register 'ODD' at 0x6 is not aligned to its 4-byte size, which \.regs requires; left out \[SVD102\]/);
  }),
);

test(
  'the checker\'s warnings about the generated spec are capped at 20, with a count and how to see them all',
  withDir(async (dir) => {
    writeFileSync(path.join(dir, 'big.svd'), generateSvd(2, 30).text);
    const r = await run(['svd', 'big.svd', '-o', 'big.regs'], dir);
    assert.is(r.code, 0, r.err);
    assert.is([...r.err.matchAll(/^big\.regs:\d+:\d+: warning: .*\[RM0414\]$/gm)].length, 20);
    assert.match(r.err, /… 10 more warnings about the generated spec; 'regmill check big\.regs' lists them all\n/);
    assert.match(r.err, /  warnings: +1 warning about the input in 1 kind, 30 warnings about the spec\n$/);
    assert.ok(existsSync(path.join(dir, 'big.regs')));
  }),
);

test(
  'warnings are grouped by kind (3 shown, the rest counted, --all-warnings shows all); the summary counts what was left out and why; --prefer picks a view',
  withDir(async (dir) => {
    let regs = '';
    for (let i = 0; i < 10; i++) regs += `<register><name>A${i}</name><addressOffset>${i * 4}</addressOffset></register><register><name>B${i}</name><alternateGroup>G</alternateGroup><addressOffset>${i * 4}</addressOffset></register>`;
    writeFileSync(path.join(dir, 'alt.svd'), `<device><name>D</name><size>32</size><peripherals><peripheral><name>P</name><baseAddress>0x40000000</baseAddress><registers>${regs}</registers></peripheral></peripherals></device>`);
    let r = await run(['svd', 'alt.svd', '-o', 'alt.regs'], dir);
    assert.is(r.code, 0, r.err);
    assert.is([...r.err.matchAll(/^alt\.svd:1:\d+: warning: register 'B\d' at 0x4000_00\d\d \(an alternate view/gm)].length, 3);
    assert.match(r.err, /^… 7 more like "register '…' at N \(an alternate view: <alternateGroup>…<\/alternateGroup>\) overlaps '…' in peripheral '…'; .*" \[SVD102\]$/m);
    assert.match(r.err, /  kept: +1 peripheral \(1 block type\) in 1 BAR, 10 registers, 0 fields\n  left out: +10 registers \(10 another view of the same address was kept\)\n  warnings: +10 warnings about the input in 1 kind \(7 not shown; --all-warnings shows them\)/);
    r = await run(['svd', 'alt.svd', '-o', 'alt.regs', '--all-warnings'], dir);
    assert.is([...r.err.matchAll(/^alt\.svd:1:\d+: warning: register 'B\d'/gm)].length, 10);
    r = await run(['svd', 'alt.svd', '--prefer', 'g'], dir);
    assert.match(r.out, /register B0 @ 0x0 : 32 rw;/);
    assert.not.match(r.out, /register A0/);
  }),
);

test(
  'import ipxact: writes the spec and the summary counts address blocks; build --emit ipxact,svd writes both exports',
  withDir(async (dir) => {
    const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/ipxact/kactus2-2014.xml');
    const r = await run(['ipxact', fixture, '-o', path.join(dir, 'alu.regs')]);
    assert.is(r.code, 0, r.err);
    assert.match(r.err, /kactus2-2014\.xml:18:9: warning: address block 'data' at 0x40 is memory, not registers.* \[IPX101\]/);
    assert.match(r.err, /  kept: +1 address block \(1 block type\) in 1 BAR, 10 registers, 11 fields\n  left out: +1 address block \(1 memory \(not registers\)\)\n/);
    const c = await compile({ path: path.join(dir, 'alu.regs') }, { emit: ['ipxact', 'svd'] });
    assert.ok(c.ok, c.format());
    assert.equal(c.files.map((f) => f.path).sort(), ['alu.ipxact.xml', 'alu.svd']);
  }),
);

test('bad usage exits 2 with the usage; unreadable input exits 1 naming errno and syscall', async () => {
  const cases: [string[], RegExp][] = [
    [[], /no format given/],
    [['xml', 'a.xml'], /unknown import format 'xml'/],
    [['svd'], /no \.svd file given/],
    [['svd', 'a.svd', 'b.svd'], /unexpected argument 'b\.svd'/],
    [['svd', 'every-construct.svd', '--vendor', '0x10ee'], /--vendor and --device go together/],
    [['svd', 'every-construct.svd', '--vendor', '0x1_0000', '--device', '1'], /--vendor '0x1_0000' is not a 16-bit id/],
    [['svd', 'every-construct.svd', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.err, message);
    assert.match(r.err, /Usage: regmill import svd <file\.svd>/);
  }
  const help = await run(['--help']);
  assert.is(help.code, 0);
  assert.match(help.out, /^Usage: regmill import svd/);
  const missing = await run(['svd', 'nope.svd']);
  assert.is(missing.code, 1);
  assert.is(missing.err, "regmill import: error: cannot read 'nope.svd': ENOENT (open): no such file or directory\n");
});

test.run();
