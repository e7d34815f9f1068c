// `regmill fmt` keeps `allow` items, one per line in canonical spacing, in every body that holds
// them (a field's `{ allow …; }` body included, told apart from its inline enum), and the prettier
// plugin prints the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as prettier from 'prettier';
import plugin from '../../../compiler/format/prettier.js';
import { checkedFmt, fmt, irOf } from './helpers.js';

const lines = (...ls: string[]): string => ls.join('\n') + '\n';

const messy =
  'device d{allow   RM0412"dev" ;bar 0 regs mmio size 4K{allow RM0415 "bar";' +
  'register a@0:32{field x[0]w1c;field y[1];allow RM0414 "reg";}' +
  'register m@4:32{field data[15:0]volatile"Data"{allow RM0415 "field";}field go[16];field e[18:17]enum{a=0,b=0}{allow RM0412 "enum";}}' +
  'block b@0x10{allow RM0414"blk";register c@0:32;}}}\n' +
  'block t{allow RM0414 "type";register r@0:32;}';

const canonical = lines(
  'device d {',
  '  allow RM0412 "dev";',
  '  bar 0 regs mmio size 4K {',
  '    allow RM0415 "bar";',
  '    register a @ 0 : 32 {',
  '      field x [0] w1c;',
  '      field y [1];',
  '      allow RM0414 "reg";',
  '    }',
  '    register m @ 4 : 32 {',
  '      field data [15:0] volatile "Data" {',
  '        allow RM0415 "field";',
  '      }',
  '      field go [16];',
  '      field e [18:17] enum { a = 0, b = 0 } {',
  '        allow RM0412 "enum";',
  '      }',
  '    }',
  '    block b @ 0x10 {',
  '      allow RM0414 "blk";',
  '      register c @ 0 : 32;',
  '    }',
  '  }',
  '}',
  'block t {',
  '  allow RM0414 "type";',
  '  register r @ 0 : 32;',
  '}',
);

test('allow items in every kind of body: one per line, canonical spacing, idempotent, same syntax tree', () => {
  assert.fixture(checkedFmt(messy), canonical);
});

test('formatting a spec with allows keeps its IR', async () => {
  const out = checkedFmt(messy, 'allows.regs');
  assert.is(await irOf(out, 'allows.regs'), await irOf(messy, 'allows.regs'));
});

test("a field's body and its inline enum are told apart: named enum, inline enum, empty body", () => {
  const out = checkedFmt('enum k{p=0}\ndevice d{bar 0 r mmio size 4K{register a@0:32{field f[0]enum k{allow RM0412"x";}field g[1]enum{q=1}{}field h[2]{}}}}');
  assert.fixture(
    out,
    lines(
      'enum k { p = 0 }',
      'device d {',
      '  bar 0 r mmio size 4K {',
      '    register a @ 0 : 32 {',
      '      field f [0] enum k {',
      '        allow RM0412 "x";',
      '      }',
      '      field g [1] enum { q = 1 } {}',
      '      field h [2] {}',
      '    }',
      '  }',
      '}',
    ),
  );
});

test('a long reason stays on the line of its allow (like a doc statement); a long field doc breaks before its body', () => {
  const reason = 'r'.repeat(110);
  const doc = 'd'.repeat(80);
  const out = checkedFmt(`device d { bar 0 r mmio size 4K { register a @ 0 : 32 { field data [15:0] volatile "${doc}" { allow RM0415 "${reason}"; } } } }`);
  assert.fixture(
    out,
    lines(
      'device d {',
      '  bar 0 r mmio size 4K {',
      '    register a @ 0 : 32 {',
      '      field data [15:0] volatile',
      `        "${doc}" {`,
      `        allow RM0415 "${reason}";`,
      '      }',
      '    }',
      '  }',
      '}',
    ),
  );
});

test('comments around and inside allow items stay where they were', () => {
  const out = checkedFmt('device d {\n  // why this is fine\n  allow RM0414 "x"; // trailing\n  allow /* inline */ RM0415 "y";\n}\n');
  assert.fixture(out, lines('device d {', '  // why this is fine', '  allow RM0414 "x"; // trailing', '  allow /* inline */ RM0415 "y";', '}'));
});

test('prettier with the plugin prints a spec with allows exactly like regmill fmt', async () => {
  const out = await prettier.format(messy, { parser: 'regs', plugins: [plugin], filepath: 'allows.regs' });
  assert.fixture(out, fmt(messy, 'allows.regs'));
  assert.fixture(out, canonical);
});

test.run();
