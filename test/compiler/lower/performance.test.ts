// Lowering never expands arrays: a million registers declared through arrays keep an IR the size of
// their definitions. Times are printed, never asserted (bench/compile.ts owns the speed targets).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../check/harness.js';
import { loadProgram } from '../../../compiler/resolve/load.js';
import { analyze as lower } from '../../../compiler/compile.js';

function timed<T>(label: string, f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  const ms = performance.now() - t;
  console.log(`  ${label}: ${ms.toFixed(1)} ms`);
  return { value, ms };
}

test('1,000,000 registers via arrays: IR keeps count and stride', () => {
  const text = `block queue { ${Array.from({ length: 100 }, (_, i) => `register r${i} @ ${i * 4} : 32;`).join(' ')} }
device d {
  bar 0 regs mmio size 1G {
    register flat[500000] @ 0 : 32;
    block q[5000] @ 0x200000 stride 0x200 : queue;
  }
}`;
  const { value: r } = timed('1M registers', () => run(text));
  assert.equal(r.lines, []);
  const d = r.ir!.devices[0]!;
  assert.is(d.bars[0]!.nodes.length, 2);
  assert.is(d.blockTypes[0]!.nodes.length, 100);
  assert.ok(JSON.stringify(r.ir).length < 200_000, 'IR size follows definitions, not instances');
});

test('10,000 distinct registers with fields', () => {
  const regs = Array.from({ length: 10_000 }, (_, i) => `    register r${i} @ ${i * 8} : 32 { field a [3:0] ro; field b [15:8] w1c; }`).join('\n');
  const text = `device d {\n  bar 0 regs mmio size 1M {\n${regs}\n  }\n}\n`;
  const program = loadProgram('big.regs', { readFile: () => text, resolve: (_f, rel) => rel });
  // Timed but not asserted: the machine may be busy; the 1M case above is the hard bound.
  const { value: r } = timed('10k registers, lowering only', () => lower(program));
  assert.equal(r.diagnostics, []);
  assert.is(r.ir!.devices[0]!.bars[0]!.nodes.length, 10_000);
});

test('10,000 registers that all overlap the first: one error each, found by sorting', () => {
  const regs = Array.from({ length: 10_000 }, (_, i) => `    register r${i} @ ${(i % 2) * 4} : 32;`).join('\n');
  const text = `device d {\n  bar 0 regs mmio size 1M {\n${regs}\n  }\n}\n`;
  const { value: r } = timed('10k overlapping registers', () => run(text));
  assert.is(r.lines.length, 100, 'capped at 100 errors');
});

test.run();
