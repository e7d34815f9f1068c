import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, IR_VERSION } from '../../compiler/index.js';

const SPEC = `device d { pci { vendor = 0x1234; device = 0x1; }
  bar 0 regs mmio size 0x100 { register ctrl @ 0 : 32 rw reset 0x5 { field en [0]; field mode [2:1]; } }
}
`;

test('compile() from text: IR and files, nothing read from disk', async () => {
  const reads: string[] = [];
  const r = await compile({ text: SPEC, file: 'mem/d.regs' }, { emit: ['ir'], readFile: (f) => (reads.push(f), undefined) });
  assert.ok(r.ok, r.format());
  assert.equal(reads, [], 'the main text is not read from disk');
  assert.is(r.ir!.irVersion, IR_VERSION);
  assert.is(r.ir!.devices[0]!.name, 'd');
  assert.is(r.name, 'd');
  assert.equal(r.files.map((f) => f.path), ['d.ir.json']);
  assert.equal(JSON.parse(r.files[0]!.contents as string), r.ir);
});

test('a bidi control character in a file name is escaped in every output, as in spec text', async () => {
  const files: Record<string, string> = { 'lib/x\u2067y.regs': 'const BASE = 0x40;\n', 'lib/m.regs': `import "x\u2067y.regs";\n${SPEC}` };
  for (const input of [{ text: SPEC, file: 'mem/a\u202eb.regs' }, { path: 'lib/m.regs' }]) {
    const r = await compile(input, { emit: ['ts', 'c', 'docs', 'ir'], readFile: (f) => files[f] });
    assert.ok(r.ok, r.format());
    const texts = r.files.map((f) => String(f.contents));
    assert.ok(texts.length >= 4);
    for (const t of texts) assert.not.match(t, /[\u202a-\u202e\u2066-\u2069]/);
    assert.ok(texts.some((t) => /a\\u202Eb|x\\u2067y/.test(t)), 'the name is there, escaped');
  }
});

test('compile() imports through the injected readFile', async () => {
  const files: Record<string, string> = {
    'lib/common.regs': 'const BASE = 0x40;\nblock pair { register a @ 0 : 32 rw; register b @ 4 : 32 rw; }\n',
    'lib/main.regs': 'import "common.regs";\ndevice m { bar 0 r mmio size 0x100 { block p @ BASE : pair; } }\n',
  };
  const r = await compile({ path: 'lib/main.regs' }, { emit: ['ir'], readFile: (f) => files[f] });
  assert.ok(r.ok, r.format());
  assert.equal(r.ir!.files, ['lib/main.regs', 'lib/common.regs']);
  const inst = r.ir!.devices[0]!.bars[0]!.nodes[0]!;
  assert.is(inst.kind, 'block');
  assert.is(inst.offset, 0x40);
});

test('compile() with errors: ok false, no IR, no files, rendered file:line:col', async () => {
  const r = await compile({ text: 'device d {\n  bar 0 r mmio size 0x100 { register a @ 0x1 : 32 rw; }\n}\n', file: 'bad.regs' }, { emit: ['ts', 'ir'] });
  assert.not.ok(r.ok);
  assert.is(r.ir, undefined);
  assert.equal(r.files, []);
  assert.match(r.format(), /^bad\.regs:2:\d+: error: .*\[RM\d{4}\]/m);
});

test('compile() is deterministic', async () => {
  const a = await compile({ text: SPEC, file: 'd.regs' }, { emit: ['ts', 'ir'] });
  const b = await compile({ text: SPEC, file: 'd.regs' }, { emit: ['ts', 'ir'] });
  assert.ok(a.ok, a.format());
  assert.equal(a.files, b.files);
});

test.run();
