// `allow`: a warning acknowledged on its element (or an enclosing one) is not reported but listed as
// suppressed; errors and unknown codes are refused; an allow that covers nothing is warned about.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { inBar, run } from './harness.js';
import { compile } from '../../../compiler/compile.js';
import { lineColOf } from '../../../compiler/source/source.js';

/** A register whose w1c field `x` sits next to the rw field `y`: RM0414 at `x`. */
const mixed = (name: string, offset: number, body = ''): string =>
  `    register ${name} @ ${offset} : 32 { field x [0] w1c; field y [1];${body ? ' ' + body : ''} }`;

const SIDE_EFFECT_MIX = (reg: string, line: number, col = 33 + reg.length - 1): string =>
  `warning ${line}:${col} RM0414 register '${reg}' mixes w1c field 'x' with read-write field 'y': a read-modify-write of 'y' must not write back 'x'; generated modify() writes 0 there — consider splitting the register`;

test('without an allow the warning is reported (the baseline the other cases change)', () => {
  const r = run(inBar(mixed('a', 0)));
  assert.equal(r.lines, [SIDE_EFFECT_MIX('a', 3)]);
  assert.equal(r.lowered!.suppressed, []);
});

test('an allow in the register body suppresses its warning, lists it as suppressed, and the IR is the same', () => {
  const plain = run(inBar(mixed('a', 0)));
  const r = run(inBar(mixed('a', 0, 'allow RM0414 "the IP fixes this layout";')));
  assert.equal(r.lines, []);
  const s = r.lowered!.suppressed;
  assert.is(s.length, 1);
  assert.is(s[0]!.diagnostic.code, 'RM0414');
  assert.is(s[0]!.diagnostic.message, plain.diagnostics[0]!.message);
  assert.is(s[0]!.reason, 'the IP fixes this layout');
  const src = r.program.sources.get('main.regs')!;
  assert.equal(lineColOf(src, s[0]!.allow.start), { line: 3, col: 57 });
  assert.ok(r.ir, 'a spec with only allowed warnings has IR');
  assert.equal(r.ir, plain.ir, 'allow is a front-end matter: the IR does not change');
});

test('scope: an allow on register a does not hide the same warning on register b', () => {
  const r = run(inBar([mixed('a', 0, 'allow RM0414 "accepted for a";'), mixed('b', 4)].join('\n')));
  assert.equal(r.lines, [SIDE_EFFECT_MIX('b', 4)]);
  assert.equal(r.lowered!.suppressed.map((s) => s.diagnostic.message.slice(0, 14)), ["register 'a' m"]);
});

test('an allow in a BAR or device body covers every register written in it', () => {
  const bar = run(`device d {\n  bar 0 regs mmio size 0x1000 {\n    allow RM0414 "both";\n${mixed('a', 0)}\n${mixed('b', 4)}\n  }\n}\n`);
  assert.equal(bar.lines, []);
  assert.is(bar.lowered!.suppressed.length, 2);
  const dev = run(`device d {\n  allow RM0414 "all of them";\n  bar 0 regs mmio size 0x1000 {\n${mixed('a', 0)}\n${mixed('b', 4)}\n  }\n}\n`);
  assert.equal(dev.lines, []);
  assert.is(dev.lowered!.suppressed.length, 2);
});

test('a field-level allow covers the warning about that field (RM0415) and an RM0412 in its inline enum', () => {
  const r = run(
    inBar(
      [
        '    register m @ 0 : 32 {',
        '      field data [15:0] volatile "Data" { allow RM0415 "written whole, never modified"; }',
        '      field go [16];',
        '      field mode [18:17] enum { a = 0, b = 0 } { allow RM0412 "b is the datasheet\'s other name for a"; }',
        '    }',
      ].join('\n'),
    ),
  );
  assert.equal(r.lines, []);
  assert.equal(r.lowered!.suppressed.map((s) => s.diagnostic.code).sort(), ['RM0412', 'RM0415']);
});

test('a block type allow covers its registers wherever it is instantiated; a BAR allow does not reach into a block type', () => {
  const typed = run(`block q { allow RM0414 "shared"; ${mixed('a', 0).trim()} }\ndevice d { bar 0 regs mmio size 0x1000 { block q0 @ 0 : q; block q1 @ 0x10 : q; } }\n`);
  assert.equal(typed.lines, []);
  const inline = run(inBar(`    block b @ 0 { allow RM0414 "inline";\n${mixed('a', 0)}\n    }`));
  assert.equal(inline.lines, []);
  // The warning lies in the block type (line 1), not in the BAR body that instantiates it.
  const outside = run(`block q { ${mixed('a', 0).trim()} }\ndevice d { bar 0 regs mmio size 0x1000 {\n  allow RM0414 "not here";\n  block q0 @ 0 : q;\n} }\n`);
  assert.equal(outside.lines, [
    SIDE_EFFECT_MIX('a', 1, 39),
    "warning 3:3 RM0222 unused allow RM0414: BAR 'regs' has no RM0414 warning; remove it",
  ]);
});

test('an allow in an imported file covers the warning in that file', () => {
  const r = run({
    'main.regs': 'import "lib/q.regs";\ndevice d { bar 0 regs mmio size 0x1000 { block q0 @ 0 : q; } }\n',
    'lib/q.regs': `block q {\n  allow RM0414 "from the library";\n${mixed('a', 0)}\n}\n`,
  });
  assert.equal(r.lines, []);
  assert.is(r.lowered!.suppressed[0]!.diagnostic.span.file, 'lib/q.regs');
});

test('errors cannot be allowed: the code is refused at its exact line:col', () => {
  const r = run(inBar(['    allow RM0308 "they overlap on purpose";', '    register a @ 0 : 32;', '    register b @ 0 : 32;'].join('\n')));
  assert.equal(r.lines, [
    '3:11 RM0220 RM0308 (overlapping registers or blocks) is an error, and errors cannot be allowed: fix the spec instead',
    "5:14 RM0308 register 'b' at 0x0..0x3 overlaps 'a' at 0x0..0x3",
  ]);
  assert.is(r.ir, undefined);
  const syntax = run(inBar('    allow RM0110 "syntax errors neither";'));
  assert.equal(syntax.lines, ['3:11 RM0220 RM0110 (unexpected token) is an error, and errors cannot be allowed: fix the spec instead']);
});

test('an unknown code is an error that suggests the nearest code that can be allowed', () => {
  const list = '(warnings that can be allowed: RM0106, RM0412, RM0414, RM0415, RM0609)';
  const r = run(inBar([mixed('a', 0, 'allow RM0441 "swapped digits";'), mixed('b', 4, 'allow rm0414 "lower case";'), '    allow W0415 "made up";'].join('\n')));
  assert.equal(r.lines, [
    SIDE_EFFECT_MIX('a', 3),
    `3:63 RM0219 unknown diagnostic code 'RM0441' in allow; did you mean 'RM0414'? ${list}`,
    SIDE_EFFECT_MIX('b', 4),
    `4:63 RM0219 unknown diagnostic code 'rm0414' in allow; did you mean 'RM0414'? ${list}`,
    `5:11 RM0219 unknown diagnostic code 'W0415' in allow; did you mean 'RM0415'? ${list}`,
  ]);
});

test('an allow that covers nothing is a warning; of two allows covering one warning the outer (or later) one is unused', () => {
  const r = run(
    `device d {\n  allow RM0414 "outer";\n  bar 0 regs mmio size 0x1000 {\n${mixed('a', 0, 'allow RM0414 "inner"; allow RM0414 "again";')}\n    register c @ 4 : 32 { allow RM0415 "stale"; }\n  }\n}\n`,
  );
  assert.equal(r.lines, [
    "warning 2:3 RM0222 unused allow RM0414: device 'd' has no RM0414 warning; remove it",
    "warning 4:79 RM0222 unused allow RM0414: register 'a' has no RM0414 warning; remove it",
    "warning 5:27 RM0222 unused allow RM0415: register 'c' has no RM0415 warning; remove it",
  ]);
  assert.equal(r.lowered!.suppressed.map((s) => s.reason), ['inner']);
  assert.ok(r.ir, 'unused allows are warnings: the spec still builds');
});

test('the unused-allow warning cannot itself be allowed, and a reason may not be empty', () => {
  const r = run(inBar(['    allow RM0222 "keep my stale allows";', mixed('a', 0, 'allow RM0414 "  ";')].join('\n')));
  assert.equal(r.lines, [
    '3:11 RM0220 RM0222 (unused allow) cannot be allowed: remove the allow that suppresses nothing instead',
    SIDE_EFFECT_MIX('a', 4),
    '4:70 RM0221 allow RM0414 has an empty reason; say why the warning is accepted',
  ]);
});

test('RM0420 (an export cannot say enum by) cannot be allowed: refused at its line:col, not reported as an unused allow', () => {
  const r = run(inBar('    allow RM0420 "we know SVD has no enum by";'));
  assert.equal(r.lines, [
    "3:11 RM0220 RM0420 (an 'enum by' field exported without value names (IP-XACT, SVD)) cannot be allowed: the IP-XACT and SVD exports report it while they are written, after allows apply; leave ipxact and svd out of --emit not to see it",
  ]);
});

test('while the spec has errors, unused allows are not reported (a rule may have skipped its warning)', () => {
  const r = run(inBar(['    register a @ 0 : 32 rx { allow RM0414 "x is w1c"; }'].join('\n')));
  assert.equal(r.lines, ["3:25 RM0401 unknown access 'rx'; expected one of rw, ro, r, wo, w, na, rc, rs, w1c, w1s, w1t, w0c, w0s, w0t, wclr, wset, pulse or sw=/onread=/onwrite="]);
});

test('specs/: every spec checks without a warning; the accepted ones are suppressed with their reasons', async () => {
  const suppressed: string[] = [];
  for (const f of readdirSync('specs').filter((n) => n.endsWith('.regs'))) {
    const r = await compile({ path: `specs/${f}` }, { emit: [] });
    assert.ok(r.ok, `${f} compiles`);
    assert.equal(r.diagnostics.map((d) => `${d.code} ${d.message}`), [], `${f} reports nothing`);
    const text = readFileSync(`specs/${f}`, 'utf8');
    for (const m of text.matchAll(/allow (RM\d{4}) "([^"]+)"/g)) suppressed.push(`${f} ${m[1]}`);
  }
  assert.equal(suppressed.sort(), ['axi-timer.regs RM0414', 'axi-timer.regs RM0414', 'e1000e.regs RM0415']);
});

test('the allow example in docs/language.md compiles with no diagnostic at all', async () => {
  const md = readFileSync('docs/language.md', 'utf8');
  const example = [...md.matchAll(/```regs\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('allow RM0414'));
  assert.ok(example, 'docs/language.md shows an allow example');
  const r = await compile({ text: example, file: 'example.regs' }, { emit: [] });
  assert.ok(r.ok, r.format());
  assert.equal(r.diagnostics, []);
  const withoutAllows = await compile({ text: example.replace(/^\s*allow .*\n/gm, ''), file: 'example.regs' }, { emit: [] });
  assert.equal(withoutAllows.diagnostics.map((d) => d.code), ['RM0414', 'RM0415'], 'the example allows two real warnings');
});

test.run();
