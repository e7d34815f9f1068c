// Every generated modify/ack/clear accessor of every spec, compiled with gcc and run over a plain
// buffer, writes exactly what the IR's safe-write formulas (docs/language.md "Safe writes", the
// TypeScript core) give for the same register contents and arguments. Two contents per register
// (a pattern and its complement) and arguments that name every bit, so no mask can be misused
// without a difference.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cBackend } from '../../../../compiler/backends/c/index.js';
import { barSites, type RegisterSite } from '../../../../compiler/backends/shared/bar-sites.js';
import type { IrDevice, IrRegister } from '../../../../compiler/ir/ir.js';
import { cSpecs, irOf, options, tempDir } from './emit.js';

const ones = (w: number): bigint => (1n << BigInt(w)) - 1n;
const pattern = (w: number): bigint => BigInt.asUintN(w, 0xa5c3_0f69_96f0_3c5an);
const bitsOf = (r: IrRegister, pick: (f: IrRegister['fields'][number]) => boolean): bigint =>
  r.fields.filter(pick).reduce((m, f) => m | (ones(f.width) << BigInt(f.lsb)), 0n);

interface Case {
  readonly call: string;
  readonly offset: number;
  readonly width: number;
  readonly preset: bigint;
  readonly want: bigint;
  readonly label: string;
}

/** Expected results straight from the IR masks. */
function cases(fn: string, site: RegisterSite, indices: number, present: Set<string>): Case[] {
  const r = site.register;
  const w = r.width;
  const m = r.masks;
  const [keep, modifyBase, ackBase] = [BigInt(m.keep), BigInt(m.modifyBase), BigInt(m.ackBase)];
  const ack1 = bitsOf(r, (f) => f.onWrite === 'w1c' || f.onWrite === 'w1t');
  const ack0 = bitsOf(r, (f) => f.onWrite === 'w0c');
  const zeros = ', 0'.repeat(indices);
  const T = `UINT64_C`;
  const out: Case[] = [];
  for (const preset of [pattern(w), ones(w) ^ pattern(w)]) {
    const kept = (preset & keep) | modifyBase;
    const clear = ones(w) ^ pattern(w);
    const set = pattern(w) & ~(pattern(w) << 1n);
    if (present.has(`${fn}_modify`)) {
      out.push({ label: `${fn}_modify`, call: `${fn}_modify(base${zeros}, ${T}(0x${clear.toString(16)}), ${T}(0x${set.toString(16)}))`, offset: site.offset, width: w, preset, want: ((kept & ~clear) | set) & ones(w) });
    }
    if (present.has(`${fn}_ack`)) {
      const bits = ones(w);
      const want = r.ops.ackW1 === 'write' ? ackBase | (bits & ack1) : kept | (bits & ack1);
      out.push({ label: `${fn}_ack`, call: `${fn}_ack(base${zeros}, ${T}(0x${bits.toString(16)}))`, offset: site.offset, width: w, preset, want });
    }
    if (present.has(`${fn}_clear`)) {
      const bits = ones(w);
      const want = (r.ops.ackW0 === 'write' ? ackBase : kept) & ~(bits & ack0) & ones(w);
      out.push({ label: `${fn}_clear`, call: `${fn}_clear(base${zeros}, ${T}(0x${bits.toString(16)}))`, offset: site.offset, width: w, preset, want });
    }
  }
  return out;
}

function program(header: string, size: number, all: readonly Case[]): string {
  const lines = [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    `#include "${header}"`,
    'static void put(uint8_t *b, size_t off, unsigned bytes, uint64_t v) { for (unsigned i = 0; i < bytes; i++) b[off + i] = (uint8_t)(v >> (8 * i)); }',
    'static uint64_t get(const uint8_t *b, size_t off, unsigned bytes) { uint64_t v = 0; for (unsigned i = 0; i < bytes; i++) v |= (uint64_t)b[off + i] << (8 * i); return v; }',
    'int main(void) {',
    `  uint8_t *b = calloc(${size}, 1);`,
    '  volatile uint8_t *base = b;',
    '  if (!b) return 2;',
  ];
  for (const c of all) {
    lines.push(`  put(b, ${c.offset}, ${c.width / 8}, UINT64_C(0x${c.preset.toString(16)}));`, `  ${c.call};`, `  printf("%llx\\n", (unsigned long long)get(b, ${c.offset}, ${c.width / 8}));`);
  }
  lines.push('  free(b);', '  return 0;', '}', '');
  return lines.join('\n');
}

function siteByOffset(d: IrDevice, offset: number, width: number): RegisterSite | undefined {
  const found = d.bars.filter((b) => b.kind === 'mmio' && b.hasRegisters).flatMap((b) => barSites(d, b).registers).filter((s) => s.offset === offset && s.register.width === width);
  return found.length === 1 ? found[0] : undefined;
}

for (const spec of cSpecs()) {
  test(`C modify/ack/clear match the IR formulas: ${spec}`, async () => {
    const ir = await irOf(spec);
    const dir = tempDir('c-formulas');
    try {
      for (const [n, f] of (await cBackend.emit(ir, options(spec))).entries()) {
        const d = ir.devices[n]!;
        const text = String(f.contents);
        writeFileSync(path.join(dir, f.path), text);
        const present = new Set([...text.matchAll(/^static inline void (\w+)\(volatile uint8_t \*base/gm)].map((m) => m[1]!));
        const all: Case[] = [];
        for (const [, B] of text.matchAll(/^#define (\w+)_KEEP /gm)) {
          const offset = Number(new RegExp(`^#define ${B}_OFFSET +(0x[0-9a-f]+)u$`, 'm').exec(text)?.[1]);
          const width = Number(new RegExp(`^#define ${B}_WIDTH +(\\d+)$`, 'm').exec(text)?.[1]);
          const site = siteByOffset(d, offset, width);
          if (site === undefined) continue; // an I/O BAR or an ambiguous offset: no accessors to run
          const fn = B!.toLowerCase();
          const sig = new RegExp(`^static inline void ${fn}_(?:modify|ack|clear)\\(volatile uint8_t \\*base((?:, size_t \\w+)*)`, 'm').exec(text);
          const indices = sig ? (sig[1]!.match(/size_t/g) ?? []).length : 0;
          if (!sig && site.levels.length > 0) continue; // an array with no modify/ack/clear (a write-only doorbell array): no formula to run
          assert.is(indices, site.levels.length, `${fn}: one index per array level`);
          all.push(...cases(fn, site, indices, present));
        }
        if (all.length === 0) continue;
        const src = path.join(dir, `run_${d.name}.c`);
        const exe = path.join(dir, `run_${d.name}`);
        const size = Math.max(...d.bars.filter((b) => b.hasRegisters).map((b) => b.size));
        writeFileSync(src, program(f.path, size, all));
        const cc = spawnSync('gcc', ['-std=c11', '-O1', '-Wall', '-Wextra', '-Werror', '-I', dir, '-o', exe, src], { encoding: 'utf8' });
        assert.is(cc.status, 0, `gcc failed:\n${cc.stderr}`);
        const run = spawnSync(exe, [], { encoding: 'utf8' });
        assert.is(run.status, 0, run.stderr);
        const got = run.stdout.trim().split('\n');
        assert.is(got.length, all.length);
        all.forEach((c, i) => assert.is(got[i], c.want.toString(16), `${c.label} over 0x${c.preset.toString(16)}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
