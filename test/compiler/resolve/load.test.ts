// Loading: imports relative to the importing file, each file read once, cycles and missing, binary
// or unreadable imports reported at the import's path string; names from files not imported are
// unknown (with a hint).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProgram } from '../../../compiler/resolve/load.js';
import { analyze as lower } from '../../../compiler/compile.js';
import { lineColOf } from '../../../compiler/source/source.js';
import type { Program } from '../../../compiler/resolve/program.js';
import { compile } from '../../../compiler/compile.js';

const FIX = 'test/fixtures/diagnostics';

function fsHost(reads?: string[]) {
  return {
    readFile(p: string): string | undefined {
      reads?.push(p);
      try {
        return readFileSync(p, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    resolve: (from: string, rel: string) => path.join(path.dirname(from), rel),
  };
}

function lines(program: Program, extra: readonly import('../../../compiler/diagnostics/diagnostic.js').Diagnostic[] = []): string[] {
  return [...program.diagnostics, ...extra].map((d) => {
    const src = program.sources.get(d.span.file);
    const { line, col } = src ? lineColOf(src, d.span.start) : { line: 0, col: 0 };
    return `${d.span.file}:${line}:${col} ${d.code} ${d.message}`;
  });
}

test('an import cycle is reported at the import that closes it', () => {
  const p = loadProgram(`${FIX}/import-cycle/a.regs`, fsHost());
  assert.equal(lines(p), [
    `${FIX}/import-cycle/b.regs:1:8 RM0207 import cycle: ${FIX}/import-cycle/a.regs → ${FIX}/import-cycle/b.regs → ${FIX}/import-cycle/a.regs; remove one of these imports`,
  ]);
  assert.equal(p.files.map((f) => path.basename(f.path)), ['a.regs', 'b.regs']);
});

test('a missing import is reported at its path string', () => {
  const p = loadProgram(`${FIX}/import-missing/main.regs`, fsHost());
  assert.equal(lines(p), [`${FIX}/import-missing/main.regs:1:8 RM0206 cannot read '${FIX}/import-missing/common/absent.regs': no such file`]);
});

test('a name declared in a file that is not imported is unknown, with a hint', () => {
  const p = loadProgram(`${FIX}/not-imported/main.regs`, fsHost());
  assert.equal(p.diagnostics, []);
  const r = lower(p);
  assert.equal(lines(p, r.diagnostics), [`${FIX}/not-imported/main.regs:5:18 RM0202 unknown constant 'OTHER_OFFSET'`]);
});

test('two files: names from an import lower into one device, files listed main first', () => {
  const p = loadProgram(`${FIX}/two-files/main.regs`, fsHost());
  const r = lower(p);
  assert.equal(lines(p, r.diagnostics), []);
  const ir = r.ir!;
  assert.equal(ir.files, [`${FIX}/two-files/main.regs`, `${FIX}/two-files/lib/common.regs`]);
  const d = ir.devices[0]!;
  assert.equal(d.pci, { vendor: 0x8086, device: 0x10d3 });
  assert.equal(d.blockTypes.map((t) => [t.name, t.size, t.at.file]), [['rx_queue', 0x14, `${FIX}/two-files/lib/common.regs`]]);
  const rxq = d.bars[0]!.nodes[1]!;
  assert.equal(rxq.kind === 'block' && [rxq.type, rxq.offset, rxq.array], ['rx_queue', 0x2800, { count: 2, stride: 0x100 }]);
  assert.equal(d.enums.map((e) => [e.name, e.width, e.values.length]), [['speed', 2, 3]]);
  assert.equal(d.layouts.map((l) => [l.name, l.size, l.align, l.done]), [['tx_desc', 16, 8, { word: 'status', field: 'dd' }]]);
  assert.equal(d.rings[0], { name: 'tx', doc: '', layout: 'tx_desc', count: 256, at: d.rings[0]!.at, tail: { bar: 0, path: ['tdt'], offset: 0x3818, width: 32 } });
});

const tmp = mkdtempSync(path.join(tmpdir(), 'regmill-load-'));
const put = (rel: string, data: string | Uint8Array): string => {
  const f = path.join(tmp, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, data);
  return f;
};

test('a diamond import is read once', () => {
  put('d/c.regs', 'const C = 1;\n');
  put('d/a.regs', 'import "c.regs";\nconst A = C;\n');
  put('d/b.regs', 'import "c.regs";\nconst B = C;\n');
  const main = put('d/main.regs', 'import "a.regs";\nimport "b.regs";\nconst M = A + B;\n');
  const reads: string[] = [];
  const p = loadProgram(main, fsHost(reads));
  assert.equal(p.diagnostics, []);
  assert.equal(reads.map((r) => path.basename(r)), ['main.regs', 'a.regs', 'c.regs', 'b.regs']);
  assert.equal(lower(p).diagnostics, []);
});

test('a binary import is an error at the import, not a crash', () => {
  put('bin/blob.regs', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0xff, 0xfe, 0x01]));
  const main = put('bin/main.regs', '// header\nimport "blob.regs";\n');
  const p = loadProgram(main, fsHost());
  assert.equal(lines(p), [`${main}:2:8 RM0208 '${path.join(tmp, 'bin/blob.regs')}' is not a text file (a NUL byte at character 5); a spec is UTF-8 text`]);
});

test('a Latin-1 import (invalid UTF-8) is reported too', () => {
  put('latin/old.regs', Buffer.from('// r\xe9glage\nconst A = 1;\n', 'latin1'));
  const main = put('latin/main.regs', 'import "old.regs";\n');
  const p = loadProgram(main, fsHost());
  assert.equal(p.diagnostics.map((d) => d.code), ['RM0208']);
});

test('an unreadable import names the errno', () => {
  const main = put('err/main.regs', 'import "locked.regs";\n');
  const host = {
    ...fsHost(),
    readFile(p: string): string | undefined {
      if (p.endsWith('locked.regs')) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return readFileSync(p, 'utf8');
    },
  };
  const p = loadProgram(main, host);
  assert.equal(lines(p), [`${main}:1:8 RM0206 cannot read '${path.join(tmp, 'err/locked.regs')}': EACCES: permission denied`]);
});

test('a missing main file is one error, no crash', () => {
  const p = loadProgram(path.join(tmp, 'nope.regs'), fsHost());
  assert.is(p.diagnostics.length, 1);
  assert.is(p.diagnostics[0]!.code, 'RM0206');
  assert.is(p.files.length, 0);
  assert.equal(lower(p).ir?.devices, []);
});

test('compile() over two files in a temp dir: imported names resolve, diagnostics name the right file', async () => {
  put('two/lib/regs.regs', 'const QUEUES = 4;\nenum mode { off = 0, on = 1 }\nblock queue { register head @ 0 : 32 volatile; register tail @ 4 : 32; }\n');
  const main = put('two/main.regs', 'import "lib/regs.regs";\ndevice d {\n  bar 0 r mmio size 4K {\n    register ctl @ 0 : 32 { field m [0] enum mode; }\n    block q[QUEUES] @ 0x100 stride 0x10 : queue;\n  }\n}\n');
  const r = await compile({ path: main }, { emit: [] });
  assert.ok(r.ok, r.format());
  assert.equal(r.ir!.files, [main, path.join(tmp, 'two/lib/regs.regs')]);
  const d = r.ir!.devices[0]!;
  assert.equal(d.blockTypes.map((t) => [t.name, t.size]), [['queue', 8]]);
  assert.equal(d.bars[0]!.nodes.map((n) => [n.name, n.offset, n.array?.count]), [['ctl', 0, undefined], ['q', 0x100, 4]]);
  assert.equal(d.enums.map((e) => e.name), ['mode']);

  put('two/lib/regs.regs', 'const QUEUES = 4 / 0;\nenum mode { off = 0, on = 1 }\nblock queue { register head @ 0 : 32; }\n');
  const bad = await compile({ path: main }, { emit: [] });
  assert.is(bad.ok, false);
  assert.match(bad.format(), `${path.join(tmp, 'two/lib/regs.regs')}:1:20: error: division by zero: the right operand of '/' is 0 [RM0209]`);
});

test('devices of imported files are not lowered', () => {
  put('dev/lib.regs', 'device other { bar 9 x mmio size 3; }\nconst K = 4;\n');
  const main = put('dev/main.regs', 'import "lib.regs";\ndevice d { bar 0 r mmio size K * 4; }\n');
  const r = lower(loadProgram(main, fsHost()));
  assert.equal(r.diagnostics, []);
  assert.equal(r.ir!.devices.map((d) => d.name), ['d']);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
