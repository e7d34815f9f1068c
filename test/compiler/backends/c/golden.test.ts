// The C header of every spec (specs/ and ./specs) is exactly its committed output (generated/ or golden/), and compiles
// cleanly as C11, C17, C++11 and C++17 with every warning an error. UPDATE_GOLDEN=1 rewrites the goldens.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cBackend } from '../../../../compiler/backends/c/index.js';
import type { IrSpec } from '../../../../compiler/ir/ir.js';
import { cSpecs, goldenPath, irOf, options, root, tempDir } from './emit.js';

const goldenDir = path.join(root, 'test/compiler/backends/c/golden');
const WARN = ['-Wall', '-Wextra', '-Werror', '-pedantic', '-Wconversion', '-Wsign-conversion', '-Wshadow', '-Wcast-qual'];
/** The language modes every header must compile in (C++11 is the oldest std::atomic_thread_fence). */
const MODES = [
  ['gcc', '-std=c11'],
  ['gcc', '-std=c17'],
  ['g++', '-x', 'c++', '-std=c++11'],
  ['g++', '-x', 'c++', '-std=c++17'],
] as const;

function compiles(compiler: string, args: readonly string[]): void {
  const r = spawnSync(compiler, args, { encoding: 'utf8' });
  assert.is(r.error, undefined, `${compiler} did not start: ${String(r.error)}`);
  assert.is(r.status, 0, `${compiler} ${args.join(' ')} failed:\n${r.stderr}`);
}

for (const spec of cSpecs()) {
  test(`golden and gcc/g++: ${spec}`, async () => {
    const files = await cBackend.emit(await irOf(spec), options(spec));
    assert.ok(files.length > 0);
    const dir = tempDir('c');
    try {
      for (const f of files) {
        assert.match(f.path, /^[a-z0-9_]+\.h$/i);
        const text = String(f.contents);
        const golden = goldenPath(spec, goldenDir, f.path);
        if (process.env.UPDATE_GOLDEN && golden.updatable) {
          mkdirSync(goldenDir, { recursive: true });
          writeFileSync(golden.path, text);
        } else {
          const fix = golden.updatable ? 'UPDATE_GOLDEN=1 to accept' : 'npm run gen to accept';
          assert.ok(existsSync(golden.path), `${golden.path} missing: ${fix}`);
          assert.fixture(text, readFileSync(golden.path, 'utf8'), `${f.path} differs from ${path.relative(root, golden.path)} (${fix})`);
        }
        writeFileSync(path.join(dir, f.path), text);
        // Included twice: the include guard must hold.
        const unit = path.join(dir, `use_${f.path}.c`);
        writeFileSync(unit, `#include "${f.path}"\n#include "${f.path}"\nint main(void) { return 0; }\n`);
        for (const mode of MODES) compiles(mode[0], [...mode.slice(1), ...WARN, '-fsyntax-only', '-I', dir, unit]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('no identifier is declared twice, even where names meet once joined and upper-cased', async () => {
  for (const spec of cSpecs()) {
    for (const f of await cBackend.emit(await irOf(spec), options(spec))) {
      const text = String(f.contents);
      const ids = [...text.matchAll(/^#define (\w+)|^static inline [\w ]+?\b(\w+)\(/gm)].map((m) => m[1] ?? m[2]!);
      const dup = ids.filter((x, n) => ids.indexOf(x) !== n);
      assert.equal(dup, [], `${f.path}: declared twice: ${dup.join(', ')}`);
    }
  }
  const [clash] = await cBackend.emit(await irOf('test/compiler/backends/c/specs/names.regs'), options('names.regs'));
  const text = String(clash!.contents);
  // a.status (a block) and a_status (a register) both want CLASH_REGS_A_STATUS: the later one is renamed.
  assert.match(text, /^#define CLASH_REGS_A_STATUS_OFFSET +0x0u$/m);
  assert.match(text, /^#define CLASH_REGS_A_STATUS_2_OFFSET +0x200u$/m);
  assert.match(text, /^#define CLASH_REGS_CTRL_2_OFFSET +0x208u$/m);
  // Fields and enum values that differ only in case.
  assert.match(text, /^#define CLASH_REGS_MIXED_A_SHIFT +0 /m);
  assert.match(text, /^#define CLASH_REGS_MIXED_A_2_SHIFT +1 /m);
  assert.match(text, /^#define CLASH_MIXED_M_X_2 +0x1u/m);
  // An I/O-port BAR cannot be mapped: defines, no accessors.
  assert.match(text, /^#define CLASH_IO_REGS_PORT_OFFSET/m);
  assert.not.match(text, /clash_io_regs_port_read/);
  // An interrupt group's helpers meet a register's accessors (x_grp_ack): the group moves to X_GRP_2.
  const [x] = await cBackend.emit(await irOf('test/compiler/backends/c/c-only/irq-names.regs'), options('irq-names.regs'));
  const xt = String(x!.contents);
  assert.match(xt, /^static inline void x_grp_ack\(volatile uint8_t \*base, uint32_t bits\)$/m);
  assert.match(xt, /^static inline void x_grp_2_ack\(volatile uint8_t \*base, uint32_t causes\)$/m);
  assert.match(xt, /^#define X_GRP_2_A_CAUSE +0x1u /m);
  // Doc text cannot end the comment early or smuggle a trigraph.
  assert.ok(text.includes(' * Device clash: </script><script>alert(1)</script> & friends *\\/ /\\* ?\\?/ end\n'));
});

test('the hand-made IR fixtures (block arrays, every access kind) compile as C and C++', async () => {
  const dir = tempDir('c-fixtures');
  try {
    for (const name of ['registers', 'interrupts', 'dma']) {
      const ir = JSON.parse(readFileSync(path.join(root, 'test/fixtures/ir', `${name}.json`), 'utf8')) as IrSpec;
      for (const f of await cBackend.emit(ir, options(`${name}.regs`))) {
        writeFileSync(path.join(dir, f.path), f.contents);
        const unit = path.join(dir, `use_${f.path}.c`);
        writeFileSync(unit, `#include "${f.path}"\n`);
        for (const mode of MODES) compiles(mode[0], [...mode.slice(1), ...WARN, '-fsyntax-only', '-I', dir, unit]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('header names the spec and the regmill version; one file per device', async () => {
  const ir = await irOf('specs/edu.regs');
  const [file] = await cBackend.emit(ir, { version: '9.8.7', specName: 'specs/edu.regs' });
  const text = String(file!.contents);
  assert.ok(text.startsWith('/*\n * Generated by regmill 9.8.7 from specs/edu.regs — do not edit.\n'), text.slice(0, 200));
  assert.match(text, /^#ifndef REGMILL_EDU_H\n#define REGMILL_EDU_H\n/m);
  assert.match(text, /^#include <stdint.h>$/m);
  const two = { ...ir, devices: [ir.devices[0]!, { ...ir.devices[0]!, name: 'other' }] };
  assert.equal((await cBackend.emit(two, options('x.regs'))).map((f) => f.path), ['edu.h', 'other.h']);
});

test.run();
