// The C back end's Scope keeps bases and suffixes instead of joined names: it must pick exactly the
// base that comparing every joined name picks, whichever way two names meet (same base, a base that
// extends another at an underscore, a suffix that spells another group's base, doubled underscores).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Scope, type NameGroup } from '../../../../compiler/backends/c/names.js';

/** The plain definition: every joined name in one set. */
class NamesScope {
  private readonly taken = new Set<string>();
  claimGroups(base: string, derive: (b: string) => readonly NameGroup[]): string {
    for (let n = 1; ; n++) {
      const b = n === 1 ? base : `${base}_${n}`;
      const names = derive(b).flatMap(([g, s]) => s.map((x) => (x === '' ? g : `${g}_${x}`)));
      if (names.some((x) => this.taken.has(x))) continue;
      for (const x of names) this.taken.add(x);
      return b;
    }
  }
}

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Words over a tiny alphabet with underscores, so that joined names meet often. */
const word = (r: () => number, parts: number): string =>
  Array.from({ length: 1 + Math.floor(r() * parts) }, () => ['A', 'B', 'A_B', '2', '_A', 'B_2'][Math.floor(r() * 6)]!).join('_');

test('claims the same bases as comparing the joined names', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const fast = new Scope();
    const plain = new NamesScope();
    for (let k = 0; k < 40; k++) {
      const base = word(r, 3);
      const groups = Array.from({ length: 1 + Math.floor(r() * 2) }, () => Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.2 ? '' : word(r, 2))));
      const derive = (b: string): NameGroup[] => groups.map((s, i) => [i === 0 ? b : b.toLowerCase(), s]);
      assert.is(fast.claimGroups(base, derive), plain.claimGroups(base, derive), `seed ${seed}, claim ${k} (${base})`);
    }
  }
});

test('claim() of whole names meets groups both ways', () => {
  const s = new Scope();
  assert.is(s.claimGroups('D_R', (b) => [[b, ['EN_SHIFT', 'OFFSET']]]), 'D_R');
  // D_R_EN + SHIFT is D_R + EN_SHIFT.
  assert.is(s.claimGroups('D_R_EN', (b) => [[b, ['SHIFT']]]), 'D_R_EN_2');
  // A whole name equal to a joined one.
  assert.is(s.claim('D_R_OFFSET', (b) => [b]), 'D_R_OFFSET_2');
  // A base that a claimed whole name extends.
  assert.is(s.claimGroups('D', (b) => [[b, ['R_OFFSET_2']]]), 'D_2');
  assert.is(s.claimGroups('D', (b) => [[b, ['R_OFFSET_3']]]), 'D');
});

test.run();
