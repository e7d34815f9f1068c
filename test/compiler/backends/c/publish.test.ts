// Every layout publish() and is_done() of every spec, compiled with gcc and run with the entry in a
// recorded region (recorder.c): publish stores every word from the staged copy once, never reads the
// entry, and stores the owner word (owner forced to its value) or the done word (done cleared) last,
// after the release fence. Expectations come from the IR's layouts only. The fence itself is checked
// in the function body and in each language mode's preprocessed header.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cBackend } from '../../../../compiler/backends/c/index.js';
import type { IrLayout, IrRegister } from '../../../../compiler/ir/ir.js';
import { cSpecs, irOf, options, root, tempDir } from './emit.js';

const ones = (w: number): bigint => (1n << BigInt(w)) - 1n;
/** The staged entry's bytes: a pattern, so every word has a distinct value. */
const staged = (k: number): number => (k * 29 + 0x35) & 0xff;
const word = (off: number, width: number): bigint => {
  let v = 0n;
  for (let i = width / 8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(staged(off + i));
  return v;
};

interface Store {
  readonly off: number;
  readonly width: number;
  readonly value: bigint;
}

/** The stores publish must make: every element of every word, the last word's element 0 last. */
function expected(l: IrLayout): { before: Store[]; last: Store } {
  const lastRef = l.owner ?? l.done!;
  const lw = l.words.find((w) => w.name === lastRef.word)!;
  const f = lw.fields.find((x) => x.name === lastRef.field)!;
  const mask = ones(f.width) << BigInt(f.lsb);
  const forced = l.owner ? BigInt(l.owner.value) << BigInt(f.lsb) : 0n;
  const before: Store[] = [];
  const elements = (w: IrRegister): number[] => Array.from({ length: w.array?.count ?? 1 }, (_, i) => w.offset + i * (w.array?.stride ?? 0));
  // Device-written (ro) words are never stored.
  for (const w of l.words.filter((x) => !x.fields.every((f) => f.sw === 'r'))) {
    for (const off of elements(w)) if (!(w === lw && off === lw.offset)) before.push({ off, width: w.width, value: word(off, w.width) });
  }
  return { before, last: { off: lw.offset, width: lw.width, value: (word(lw.offset, lw.width) & ~mask) | forced } };
}

const key = (s: Store): string => `${s.off.toString(16)}=${s.value.toString(16)}`;

for (const spec of cSpecs()) {
  test(`C publish stores every word, the owner/done word last; is_done reads the done bit: ${spec}`, async () => {
    const ir = await irOf(spec);
    const dir = tempDir('c-publish');
    try {
      copyFileSync(path.join(root, 'test/compiler/backends/c/recorder.c'), path.join(dir, 'recorder.c'));
      for (const [n, f] of (await cBackend.emit(ir, options(spec))).entries()) {
        const d = ir.devices[n]!;
        const layouts = d.layouts.filter((l) => (l.owner !== undefined || l.done !== undefined) && l.words.some((w) => !w.fields.every((f) => f.sw === 'r')));
        const text = String(f.contents);
        for (const l of d.layouts) {
          const fn = `${d.name}_${l.name}_publish`.toLowerCase();
          assert.is(text.includes(`static inline void ${fn}(volatile void *entry, const void *staged)`), layouts.includes(l), `${fn}: present exactly when the layout has an owner or done bit and a word software writes`);
        }
        if (layouts.length === 0) continue;
        writeFileSync(path.join(dir, f.path), text);
        const size = Math.max(...layouts.map((l) => l.size));
        const lines = [
          '#include "recorder.c"',
          `#include "${f.path}"`,
          'int main(void) {',
          `  uint8_t *entry = rec_init(${size});`,
          `  uint8_t staged[${size}];`,
          `  for (size_t k = 0; k < ${size}; k++) staged[k] = (uint8_t)((k * 29u + 0x35u) & 0xffu);`,
        ];
        for (const l of layouts) {
          const L = `${d.name}_${l.name}`.toLowerCase();
          lines.push(`  memset(entry, 0, ${size});`, '  rec_begin();', `  ${L}_publish(entry, staged);`, '  rec_end();', '  printf(".\\n");');
          if (l.done) {
            // is_done over the entry just published (done bit as staged, or cleared) and with it set.
            const w = l.words.find((x) => x.name === l.done!.word)!;
            const fd = w.fields.find((x) => x.name === l.done!.field)!;
            lines.push(`  rec_begin();`, `  { int got = ${L}_is_done(entry); rec_end(); printf("= %d\\n.\\n", got); }`);
            lines.push(`  entry[${w.offset + Math.floor(fd.lsb / 8)}] = (uint8_t)(entry[${w.offset + Math.floor(fd.lsb / 8)}] | ${1 << fd.lsb % 8}u);`);
            lines.push(`  rec_begin();`, `  { int got = ${L}_is_done(entry); rec_end(); printf("= %d\\n.\\n", got); }`);
          }
        }
        lines.push('  return 0;', '}', '');
        const src = path.join(dir, `publish_${d.name}.c`);
        writeFileSync(src, lines.join('\n'));
        const exe = src.slice(0, -2);
        const cc = spawnSync('gcc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-I', dir, '-o', exe, src], { encoding: 'utf8' });
        assert.is(cc.status, 0, `gcc failed:\n${cc.stderr}`);
        const run = spawnSync(exe, [], { encoding: 'utf8' });
        assert.is(run.status, 0, run.stderr);
        const blocks = run.stdout.split('.\n').slice(0, -1).map((b) => b.split('\n').filter((x) => x !== ''));
        let at = 0;
        for (const l of layouts) {
          const got = blocks[at++]!;
          const { before, last } = expected(l);
          assert.ok(got.every((x) => x.startsWith('w ')), `${l.name}: publish never reads the entry:\n${got.join('\n')}`);
          const stores = got.map((x) => {
            const [, off, v] = x.split(' ');
            const o = Number.parseInt(off!, 16);
            const width = [...before, last].find((s) => s.off === o)?.width ?? 64;
            return { off: o, width, value: BigInt(`0x${v}`) & ones(width) };
          });
          assert.is(stores.length, before.length + 1, `${l.name}: one store per word element`);
          assert.is(key(stores[stores.length - 1]!), key(last), `${l.name}: the owner/done word is stored last, with the owner set / done cleared`);
          assert.equal(stores.slice(0, -1).map(key).sort(), before.map(key).sort(), `${l.name}: every other word from staged`);
          if (l.done) {
            const w = l.words.find((x) => x.name === l.done!.word)!;
            const fd = w.fields.find((x) => x.name === l.done!.field)!;
            const doneAfterPublish = l.owner ? (last.value >> BigInt(fd.lsb)) & 1n : 0n;
            for (const want of [doneAfterPublish !== 0n ? 1 : 0, 1]) {
              const r = blocks[at++]!;
              assert.equal(r, [`r ${w.offset.toString(16)}`, `= ${want}`], `${l.name}_is_done: one read of ${w.name}`);
            }
          }
          // The fence sits between the other stores and the last one.
          const fn = `${d.name}_${l.name}_publish`.toLowerCase();
          const body = text.slice(text.indexOf(`${fn}(volatile`), text.indexOf('\n}\n', text.indexOf(`${fn}(volatile`)));
          const fence = body.indexOf(`${d.name.toLowerCase()}_release_fence();`);
          const lastWord = `${d.name}_${l.name}_${(l.owner ?? l.done)!.word}_set(`.toLowerCase();
          assert.ok(fence > 0, `${fn}: calls the release fence`);
          assert.is(body.indexOf(lastWord, fence), body.lastIndexOf(lastWord), `${fn}: ${lastWord} once after the fence`);
          const sets = [...body.matchAll(/(\w+)_set\(/g)];
          assert.is(sets.at(-1)!.index! > fence && sets.filter((m) => m.index! > fence).length, 1, `${fn}: one store after the fence`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the fence is the GCC/Clang builtin, else C11 atomic_thread_fence, else C++ std::atomic_thread_fence; all modes compile', async () => {
  const spec = 'specs/e1000e.regs';
  const dir = tempDir('c-fence');
  try {
    const [f] = await cBackend.emit(await irOf(spec), options(spec));
    writeFileSync(path.join(dir, f!.path), f!.contents);
    const unit = path.join(dir, 'use.c');
    writeFileSync(unit, `#include "${f!.path}"\nint main(void) { return 0; }\n`);
    const WARN = ['-Wall', '-Wextra', '-Werror', '-pedantic'];
    // __ATOMIC_RELEASE is 3 once preprocessed.
    const modes: [string, string[], string][] = [
      ['gcc', ['-std=c11'], '__atomic_thread_fence(3)'],
      ['gcc', ['-std=c17'], '__atomic_thread_fence(3)'],
      ['g++', ['-x', 'c++', '-std=c++17'], '__atomic_thread_fence(3)'],
      // Without __GNUC__ (as a non-GNU compiler sees the header): the standard fences.
      ['gcc', ['-std=c11', '-U__GNUC__'], 'atomic_thread_fence(memory_order_release)'],
      ['gcc', ['-std=c17', '-U__GNUC__'], 'atomic_thread_fence(memory_order_release)'],
      ['g++', ['-x', 'c++', '-std=c++17', '-U__GNUC__'], 'std::atomic_thread_fence(std::memory_order_release)'],
    ];
    for (const [cc, args, want] of modes) {
      const check = spawnSync(cc, [...args, ...WARN, '-fsyntax-only', '-I', dir, unit], { encoding: 'utf8' });
      assert.is(check.status, 0, `${cc} ${args.join(' ')}:\n${check.stderr}`);
      const pp = spawnSync(cc, [...args, '-E', '-P', '-I', dir, unit], { encoding: 'utf8' });
      assert.is(pp.status, 0, pp.stderr);
      const fence = pp.stdout.slice(pp.stdout.indexOf('e1000e_release_fence(void)'));
      const body = fence.slice(0, fence.indexOf('}'));
      assert.ok(body.replace(/\s+/g, '').includes(want.replace(/\s+/g, '')), `${cc} ${args.join(' ')}: ${body}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
