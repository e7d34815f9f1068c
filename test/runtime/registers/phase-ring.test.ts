// Phase-tag completion rings over real DMA memory (a memfd mapping): new entries are recognised by the
// phase bit only, the expected phase inverts on each wrap, the head doorbell is written once per batch,
// and there is no publish().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualAllocator } from '../../../runtime/dma/allocators.js';
import { PhaseTagRing } from '../../../runtime/registers/phase-ring.js';
import type { Mmio } from '../../../runtime/registers/mmio.js';

class Entry {
  static readonly size = 16;
  constructor(
    readonly io: Mmio,
    readonly base: number,
  ) {}
}

function setup(length = 4) {
  const dma = new VirtualAllocator();
  const buf = dma.alloc(length * 16);
  const doorbell: number[] = [];
  const ring = new PhaseTagRing('cq', buf.mmio, 0, length, Entry, { offset: 12, width: 32, bit: 16 }, { write: (v) => doorbell.push(v) });
  // The "device": writes entry i of pass `pass` with CID and the pass's phase (1, 0, 1, …).
  let tail = 0;
  let devicePhase = 1;
  const post = (cid: number) => {
    buf.mmio.write32(tail * 16 + 12, cid | (devicePhase << 16));
    tail++;
    if (tail === length) {
      tail = 0;
      devicePhase ^= 1;
    }
  };
  return { dma, ring, doorbell, post };
}

test('reaps exactly the entries with the current phase; inverts on wrap; one head doorbell per batch', () => {
  const { dma, ring, doorbell, post } = setup(4);
  assert.is(ring.reap(), 0, 'zeroed memory carries phase 0: nothing new');
  assert.equal(doorbell, [], 'no doorbell for an empty batch');
  post(1);
  post(2);
  post(3);
  const seen: number[] = [];
  assert.is(ring.reap(undefined, (_i, w) => seen.push(w & 0xffff)), 3);
  assert.equal(seen, [1, 2, 3]);
  assert.equal(doorbell, [3]);
  // Wrap: entry 3 (phase 1), then 0 and 1 of the second pass (phase 0; the old phase-1 entries stay stale).
  post(4);
  post(5);
  post(6);
  seen.length = 0;
  assert.is(ring.reap(undefined, (_i, w) => seen.push(w & 0xffff)), 3);
  assert.equal(seen, [4, 5, 6]);
  assert.equal([ring.head, ring.phase], [2, 0]);
  assert.equal(doorbell, [3, 2]);
  assert.is(ring.reap(), 0, 'entry 2 still holds phase 1 from the first pass: stale, not new');
  post(7);
  assert.is(ring.reap(1), 1);
  assert.throws(() => ring.publish(), /written by the device/);
  dma.close();
});

test('max bounds a batch; a tag outside the entry is refused', () => {
  const { dma, ring, post } = setup(8);
  for (let i = 0; i < 6; i++) post(i);
  assert.is(ring.reap(4), 4);
  assert.is(ring.reap(), 2);
  assert.throws(() => new PhaseTagRing('bad', ring.io, 0, 2, Entry, { offset: 14, width: 32, bit: 0 }), /outside the 16-byte entry/);
  dma.close();
});

test.run();
