// The canonical style and comment preservation, case by case: each input is formatted, compared
// with the expected text, and (through checkedFmt) re-formatted to itself with the same syntax tree.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSpec } from '../../../compiler/format/index.js';
import { checkedFmt } from './helpers.js';

const lines = (...ls: string[]): string => ls.join('\n') + '\n';

test('canonical spacing, one declaration per line, numbers kept as written but hex in lower case', () => {
  const out = checkedFmt('const   A=0X1F;const B = 4K ;  const C = -A+~B- -1 "doc";const D=0B1010_0000 << (2*A);\n');
  assert.fixture(out, lines('const A = 0x1f;', 'const B = 4K;', 'const C = -A + ~B - -1 "doc";', 'const D = 0b1010_0000 << (2 * A);'));
});

test('register and field headers: arrays, strides, access properties, bit ranges, inline bodies expanded', () => {
  const out = checkedFmt(
    'device d{bar 0 regs mmio size 4K prefetchable 64bit{register a[4]stride 8@0X10:32 sw = rw onwrite =w1c volatile reset 0xFF"A";' +
      'register c@(A+1)*4:32 rw{field m[2:1]enum{s=0,b=1};reserved[31:3]preserve;field q[A-1]ro;}block i@0x80{}block q[2]@0x100 stride 0x40:t;}}',
  );
  assert.fixture(
    out,
    lines(
      'device d {',
      '  bar 0 regs mmio size 4K prefetchable 64bit {',
      '    register a[4] stride 8 @ 0x10 : 32 sw=rw onwrite=w1c volatile reset 0xff "A";',
      '    register c @ (A + 1) * 4 : 32 rw {',
      '      field m [2:1] enum { s = 0, b = 1 };',
      '      reserved [31:3] preserve;',
      '      field q [A - 1] ro;',
      '    }',
      '    block i @ 0x80 {}',
      '    block q[2] @ 0x100 stride 0x40 : t;',
      '  }',
      '}',
    ),
  );
});

test('interrupts, layouts and rings: one setting per line; paths and indexes tight', () => {
  const out = checkedFmt(
    'device d { interrupts g { status a; enable set regs.a clear bb[0]; ack w1c; vector msix 1;\n cause x enable a.value status status vector msi 2; }\n' +
      'layout t size 16 align 16 { word w @ 0 : 64 { field dd [0]; } done w.dd; owner w.dd = 1; }\nring r of t { count 4; tail regs.a; } }',
  );
  assert.fixture(
    out,
    lines(
      'device d {',
      '  interrupts g {',
      '    status a;',
      '    enable set regs.a clear bb[0];',
      '    ack w1c;',
      '    vector msix 1;',
      '    cause x enable a.value status status vector msi 2;',
      '  }',
      '  layout t size 16 align 16 {',
      '    word w @ 0 : 64 {',
      '      field dd [0];',
      '    }',
      '    done w.dd;',
      '    owner w.dd = 1;',
      '  }',
      '  ring r of t {',
      '    count 4;',
      '    tail regs.a;',
      '  }',
      '}',
    ),
  );
});

test('ring arrays: the index and count tight inside the brackets, like a bit range; expressions spaced', () => {
  const out = checkedFmt(
    'device d { ring sq [ y : queues+1 ] of t { count max cap.mqes+1; tail db[ 2*y ]; }\n' +
      'ring cq[y:queues+1]of t{ phase w.p; head db[2*y+1]; completes sq; vector msix 2+y; } }',
  );
  assert.fixture(
    out,
    lines(
      'device d {',
      '  ring sq[y:queues + 1] of t {',
      '    count max cap.mqes + 1;',
      '    tail db[2 * y];',
      '  }',
      '  ring cq[y:queues + 1] of t {',
      '    phase w.p;',
      '    head db[2 * y + 1];',
      '    completes sq;',
      '    vector msix 2 + y;',
      '  }',
      '}',
    ),
  );
});

test('every kind of comment stays where it was: own line, trailing, inline, inside lists, at the end', () => {
  const input = [
    '/* header',
    '   block */   const   A=0X1F; // trailing a',
    'enum f { x = 0, // first',
    '  /* second */ y = 1 // last value',
    '}',
    'device d "D" { // on the brace',
    '  bar 0 regs mmio size 4K {',
    '',
    '    // leading',
    '    register a /* inline */ @ 0x00 : 32 rw;   // ta',
    '    register bb @ 0x10 : 32 rw;   // tb',
    '    register d @ 0x40 : 32 // why',
    '      ro;',
    '    /* last',
    '       one */',
    '  } // bar',
    '}',
    '// end',
  ].join('\n');
  assert.fixture(
    checkedFmt(input),
    lines(
      '/* header',
      '   block */',
      'const A = 0x1f; // trailing a',
      'enum f {',
      '  x = 0, // first',
      '  /* second */',
      '  y = 1, // last value',
      '}',
      'device d "D" { // on the brace',
      '  bar 0 regs mmio size 4K {',
      '    // leading',
      '    register a /* inline */ @ 0x00 : 32 rw; // ta',
      '    register bb @ 0x10 : 32 rw;             // tb',
      '    register d @ 0x40 : 32                  // why',
      '      ro;',
      '    /* last',
      '       one */',
      '  } // bar',
      '}',
      '// end',
    ),
  );
});

test('blank lines between items are kept, collapsed to one; none after an opening brace or before a closing one', () => {
  const out = checkedFmt('\n\nconst A = 1;\n\n\n\nconst B = 2;\ndevice d {\n\n\n  doc "x";\n\n  // about the BAR\n  bar 0 r mmio size 4K;\n\n\n}\n\n\n');
  assert.fixture(out, lines('const A = 1;', '', 'const B = 2;', 'device d {', '  doc "x";', '', '  // about the BAR', '  bar 0 r mmio size 4K;', '}'));
});

test('a statement longer than the width breaks before its doc string; a cause also before a setting (lines filled greedily)', () => {
  const doc = 'x'.repeat(60);
  const out = checkedFmt(
    `device d { bar 0 regs mmio size 4K { register control @ 0 : 32 rw reset 0 "${doc}" { field mode [1:0] "${doc}"; } }\n` +
      `interrupts g { status control; cause x "${doc}" status control.mode enable set control clear control vector msix 3; } }`,
  );
  assert.fixture(
    out,
    lines(
      'device d {',
      '  bar 0 regs mmio size 4K {',
      '    register control @ 0 : 32 rw reset 0',
      `      "${doc}" {`,
      `      field mode [1:0] "${doc}";`,
      '    }',
      '  }',
      '  interrupts g {',
      '    status control;',
      `    cause x "${doc}" status control.mode`,
      '      enable set control clear control vector msix 3;',
      '  }',
      '}',
    ),
  );
});

test('brace lists stay on one line when they fit, else one entry per line with a trailing comma', () => {
  const narrow = checkedFmt('device d { pci { vendor = 0x1; device = 0x2; } bar 0 r mmio size 4K { register c @ 0 : 32 { field m [1:0] enum { off = 0 "Off", on = 1 "On", auto = 2, } "Mode"; } } }', 'narrow.regs', 40);
  assert.fixture(
    narrow,
    lines(
      'device d {',
      '  pci { vendor = 0x1; device = 0x2; }',
      '  bar 0 r mmio size 4K {',
      '    register c @ 0 : 32 {',
      '      field m [1:0] enum {',
      '        off = 0 "Off",',
      '        on = 1 "On",',
      '        auto = 2,',
      '      } "Mode";',
      '    }',
      '  }',
      '}',
    ),
  );
  const wide = checkedFmt('enum e { a = 0, b = 1, };\ndevice d { pci { vendor = 0x1; device = 0x2; } }');
  assert.fixture(wide, lines('enum e { a = 0, b = 1 };', 'device d {', '  pci { vendor = 0x1; device = 0x2; }', '}'));
});

test('consecutive trailing comments share a column; a gap or a line without one starts a new run', () => {
  const out = checkedFmt('device d {\n  interrupts g {\n    status icr; // a\n    enable set ims clear imc; // b\n    vector msix 0;\n    ack w1c;   // c\n  }\n}\n');
  assert.fixture(out, lines('device d {', '  interrupts g {', '    status icr;               // a', '    enable set ims clear imc; // b', '    vector msix 0;', '    ack w1c; // c', '  }', '}'));
});

test('an empty or comment-only file', () => {
  assert.is(checkedFmt(''), '');
  assert.is(checkedFmt('\n\n  \n'), '');
  assert.is(checkedFmt('  // only a comment   \n\n\n/* and a block */'), '// only a comment\n\n/* and a block */\n');
});

test('a spec with syntax errors is not formatted: its diagnostics come back', () => {
  const r = formatSpec('device d {\n  bar 0 r mmio size 4K { register a @ 0 : 32 rw }\n}\n', 'broken.regs');
  assert.ok('diagnostics' in r);
  if (!('diagnostics' in r)) return;
  assert.ok(r.diagnostics.length >= 1);
  assert.is(r.diagnostics[0]!.code, 'RM0110');
  assert.is(r.diagnostics[0]!.span.file, 'broken.regs');
  assert.ok('diagnostics' in formatSpec('const A = 0x1g;', 'n.regs'), 'a malformed number is a syntax error');
  assert.ok('diagnostics' in formatSpec('const A = 1; /* open', 'c.regs'), 'an unterminated comment is a syntax error');
});

test.run();
