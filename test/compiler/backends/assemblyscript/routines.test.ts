// Every kind of generated routine, run over a memfd-backed device window: what the wasm writes is what
// a fresh pread of the fd sees, and what the fd holds is what the wasm reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readSync, writeSync } from 'node:fs';
import { WindowAccessError, mapInto, rethrowTrap } from '../../../../runtime/window/index.js';
import { memfd, openDemo, pread32, pwrite32 } from '../../../fixtures/wasm/helpers.js';

const d = await openDemo();
const { dev, u32, barFd, window } = d;

function pread(fd: number, offset: number, bytes: number): bigint {
  const b = Buffer.alloc(8);
  readSync(fd, b, 0, bytes, offset);
  return b.readBigUInt64LE(0);
}
function pwrite(fd: number, offset: number, bytes: number, value: bigint): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  writeSync(fd, b, 0, bytes, offset);
}

test('read: every width, unsigned, straight from the fd', () => {
  pwrite32(barFd, 0x00, 0xdeadbeef);
  assert.is(dev.read$ctrl(), 0xdeadbeef);
  pwrite(barFd, 0x14, 1, 0xa7n);
  assert.is(dev.read$cfg8(), 0xa7);
  pwrite(barFd, 0x16, 2, 0xfeedn);
  assert.is(dev.read$cfg16(), 0xfeed);
  pwrite(barFd, 0x18, 8, 0xfedcba9876543210n);
  assert.is(dev.read$tsc(), 0xfedcba9876543210n);
  assert.is(u32[0], 0xdeadbeef, 'JS views over the window see the same bytes');
});

test('modify: one read, keep bits kept, effect bits written neutral (the worked example)', () => {
  pwrite32(barFd, 0x00, 0x5a00001e);
  dev.modify$ctrl(0x1, 0x1); // enable
  // (0x1e & keep 0x07) | modifyBase (w0c ovf = 1, reserved bit 6 reset 1) = 0x56, then enable → 0x57
  assert.is(pread32(barFd, 0x00), 0x57);
});

test('write: from the reset value; bits outside the writable mask are ignored', () => {
  dev.write$ctrl(0x6, 0x4); // mode = 2
  assert.is(pread32(barFd, 0x00), 0x54);
  dev.write$ctrl(0xff000000, 0xff000000); // id is read-only
  assert.is(pread32(barFd, 0x00), 0x50);
  dev.write$doorbell(0xffffffff, 0xdeadbeef);
  assert.is(pread32(barFd, 0x10), 0xdeadbeef);
});

test('narrow writes touch only their bytes', () => {
  pwrite32(barFd, 0x14, 0x11223344);
  dev.write$cfg8(0xf0, 0xa0); // reset 0x05 → 0xa5
  assert.is(pread32(barFd, 0x14), 0x112233a5);
  dev.modify$cfg16(0xff00, 0x5600); // 0x1122 → keep low byte 0x22
  assert.is(pread32(barFd, 0x14), 0x562233a5);
});

test('64-bit registers are single 64-bit accesses both ways', () => {
  dev.write$base64(0xffffffffffffffffn, 0x1122334455667788n);
  assert.is(pread(barFd, 0x20, 8), 0x1122334455667788n);
  dev.modify$base64(0xffff000000000000n, 0xabcd000000000000n);
  assert.is(dev.read$base64(), 0xabcd334455667788n);
});

test('ack: w1c bits with one write, no read', () => {
  pwrite32(barFd, 0x0c, 0xffffffff);
  dev.ack$isr(0x5);
  assert.is(pread32(barFd, 0x0c), 0x5, 'only the named bits are written as 1');
  assert.type(dev['ack$ctrl'], 'undefined', 'ctrl has keep bits: no read-free ack');
});

test('routines exist only where the IR offers them', () => {
  assert.type(dev.read$icr, 'function');
  assert.type(dev['pollUntil$icr'], 'undefined', 'no polling of a read-to-clear register');
  assert.type(dev['modify$icr'], 'undefined');
  assert.type(dev['read$doorbell'], 'undefined');
  assert.type(dev['write$status'], 'undefined');
  assert.type(dev['stable$ctrl'], 'undefined', 'stable reads are for volatile registers');
});

test('arrays and block arrays take indices; out-of-range indices are clear errors', () => {
  dev.write$leds(7, 0xffffffff, 0x77);
  assert.is(pread32(barFd, 0x100 + 7 * 4), 0x77);
  dev.modify$rxq$cnt(1, 3, 0xffff, 0xbeef);
  assert.is(Number(pread(barFd, 0x200 + 0x40 + 0x10 + 3 * 2, 2)), 0xbeef);
  pwrite32(barFd, 0x244, 0x4444);
  assert.is(dev.read$rxq$rdh(1), 0x4444);
  assert.throws(() => dev.read$leds(8), (e: Error) => e instanceof WindowAccessError && /read\$leds\(8\): index or argument out of range/.test(e.message));
  assert.throws(() => dev.read$rxq$cnt(2, 0), /index or argument out of range/);
});

test('pollUntil re-reads until the bits match, or gives up', () => {
  pwrite32(barFd, 0x04, 0x2);
  assert.is(dev.pollUntil$status(0x2, 0x2, 100), 1);
  assert.is(dev.pollUntil$status(0x1, 0x1, 1000), -1);
  pwrite(barFd, 0x18, 8, 0x8000000000000001n);
  assert.is(dev.pollUntil$tsc(0x8000000000000000n, 0x8000000000000000n, 5), 1);
  assert.is(dev.pollUntil$rxq$cnt(0, 0, 0xffff, 0, 3), 1);
});

test('stable returns the value once two reads agree', () => {
  pwrite32(barFd, 0x04, 0x3);
  assert.is(dev.stable$status(10), 0x3);
  assert.is(dev.stable$tsc(10), 0x8000000000000001n);
});

test('snapshot copies readable side-effect-free registers; restore writes back stored bits only', () => {
  const buf = window.reserveScratch(0x1000).offset;
  const snap = new Uint32Array(window.buffer, buf, 0x400);
  for (let i = 0; i < 0x400; i++) u32[i] = (0x01010101 * ((i % 200) + 1)) >>> 0;
  const before = Uint32Array.from(u32);
  assert.is(dev.snapshot$regs(buf), 30); // 10 single registers + 8 leds + 2×(rdbal, rdh) + 2×4 cnt
  assert.is(snap[0], before[0], 'ctrl');
  assert.is(snap[0x100 / 4 + 5], before[0x100 / 4 + 5], 'leds[5]');
  assert.is(snap[0x244 / 4], before[0x244 / 4], 'rxq[1].rdh');
  assert.is(snap[0x08 / 4], 0, 'icr is read-to-clear: never read');
  assert.is(snap[0x10 / 4], 0, 'doorbell is write-only: never read');
  assert.is(snap[0x50 / 4], 0, 'no register at 0x50');

  u32.fill(0);
  assert.is(dev.restore$regs(buf), 28); // every modify-able register instance
  assert.is(u32[0x100 / 4 + 5], before[0x100 / 4 + 5], 'plain rw restored exactly');
  assert.is(u32[0], ((before[0]! & 0x7) | 0x50) >>> 0, 'ctrl: keep bits restored, w0c written 1, w1c/pulse 0');
  assert.is(u32[0x0c / 4], 0, 'isr (w1c): written neutral, pending bits not cleared');
  assert.is(u32[0x04 / 4], 0, 'status (ro) not written');
  assert.is(u32[0x10 / 4], 0, 'doorbell (wo) not written');
});

test('ring submit: fields, fence, ownership, one doorbell write; reap counts done entries', () => {
  const dmaFd = memfd('demo-tx-ring', 4096);
  const ring = mapInto(window, dmaFd, window.place(4096), 4096, { what: 'tx ring' });
  const staging = window.reserveScratch(64 * 16).offset;
  const st = new DataView(window.buffer as ArrayBuffer, staging, 64 * 16);
  for (let k = 0; k < 8; k++) {
    st.setBigUint64(k * 16, 0x100000000n + BigInt(k * 2048), true);
    st.setUint16(k * 16 + 8, 60 + k, true);
    st.setUint8(k * 16 + 10, 0x2); // eop, not yet owned
    st.setUint32(k * 16 + 12, k < 5 ? 1 : 0, true); // pretend the device finished the first five
  }
  pwrite32(barFd, 0x28, 0);
  const next = dev.submit$tx(ring.offset, 64, 60, staging, 8);
  assert.is(next, 4, 'tail wraps around the 64-entry ring');
  assert.is(pread32(barFd, 0x28), 4, 'doorbell written with the new tail');
  for (let k = 0; k < 8; k++) {
    const e = ((60 + k) % 64) * 16;
    assert.is(pread(dmaFd, e, 8), 0x100000000n + BigInt(k * 2048), `entry ${k} addr`);
    assert.is(Number(pread(dmaFd, e + 8, 2)), 60 + k, `entry ${k} len`);
    assert.is(Number(pread(dmaFd, e + 10, 1)), 0x3, `entry ${k} flags: eop kept, own set last`);
  }
  assert.is(pread32(dmaFd, 4 * 16 + 8), 0, 'entry 4 untouched');
  assert.is(dev.reap$tx(ring.offset, 64, 60, 64), 5);
  assert.is(dev.reap$tx(ring.offset, 64, 60, 3), 3, 'at most max');
  assert.is(dev.submit$tx(ring.offset, 64, 10, staging, 0), 10, 'an empty batch changes nothing');
  assert.throws(() => dev.submit$tx(ring.offset, 64, 0, staging, 65), /submit\$tx\(.*\): index or argument out of range/);
  assert.throws(() => dev.submit$tx(ring.offset, 64, 64, staging, 1), /index or argument out of range/);
  assert.throws(() => dev.reap$tx(ring.offset + 8, 64, 0, 1), /ring 0x[0-9a-f]+ is not 16-byte aligned/);
  assert.throws(() => dev.submit$tx(ring.offset, 1 << 20, 0, staging, 1), /ring \d+ \(16777216 bytes\) is outside the usable device window/);
});

test('ring without an owner bit publishes the done word last, with done cleared', () => {
  const dmaFd = memfd('demo-rx-ring', 4096);
  const ring = mapInto(window, dmaFd, window.place(4096), 4096, { what: 'rx ring' });
  const staging = window.reserveScratch(32 * 8).offset;
  const st = new DataView(window.buffer as ArrayBuffer, staging, 32 * 8);
  st.setUint32(0, 0x2000, true);
  st.setUint32(4, 0xabcd0001, true);
  assert.is(dev.submit$rx(ring.offset, 32, 0, staging, 1), 1);
  assert.is(pread32(dmaFd, 0), 0x2000);
  assert.is(pread32(dmaFd, 4), 0xabcd0000);
  assert.is(pread32(barFd, 0x30), 1, 'rdt doorbell');
  assert.is(dev.reap$rx(ring.offset, 32, 0, 32), 0);
  pwrite32(dmaFd, 4, 0xabcd0001); // the device completes it
  assert.is(dev.reap$rx(ring.offset, 32, 0, 32), 1);
});

test('generic window access checks offsets first', () => {
  pwrite32(barFd, 0x40, 0x600d);
  assert.is(dev.read32(d.bar.offset + 0x40), 0x600d);
  dev.write16(d.bar.offset + 0x42, 0xbad0);
  assert.is(pread32(barFd, 0x40), 0xbad0600d);
  assert.throws(() => dev.read32(d.bar.offset + 2), (e: Error) => e instanceof WindowAccessError && /read32: offset 0x[0-9a-f]+ is not 4-byte aligned/.test(e.message));
  assert.throws(() => dev.read64(window.size - 4), /read64: offset \d+ \(8 bytes\) is outside the usable device window/);
  assert.throws(() => dev.write8(100, 1), /outside the usable device window \[65536,/);
});

test('wasm traps become WindowAccessError naming the routine and the reason', () => {
  // The wrappers check offsets before calling, and register addresses are constants, so a trap needs
  // the raw exports: these are V8's own trap messages going through the same rethrowTrap.
  const call = (name: string, f: () => unknown, detail: string): unknown => {
    try {
      return f();
    } catch (e) {
      return rethrowTrap(e, name, detail);
    }
  };
  assert.throws(() => call('read32', () => dev.exports.read32!(d.bar.offset + 2), 'misaligned'), (e: Error) =>
    e instanceof WindowAccessError && e.message === 'wasm read32(misaligned): misaligned access (atomic loads need natural alignment)' && e.cause instanceof WebAssembly.RuntimeError);
  assert.throws(() => call('read64', () => dev.exports.read64!(window.size), 'past the end'), /^wasm read64\(past the end\): access outside the device window$/);
  // Checked in wasm: an index past the array traps at `unreachable`, through the generated method.
  assert.throws(() => dev.read$leds(8), /^wasm read\$leds\(8\): index or argument out of range \(checked in wasm\)$/);
  assert.ok(typeof dev.read$ctrl() === 'number');
});

test('the wrapper refuses missing or short BAR mappings', async () => {
  const other = await openDemo();
  const Ctor = other.dev.constructor as new (w: unknown, bars: unknown) => unknown;
  assert.throws(() => new Ctor(other.window, {}), /demo.wasm: BAR 0 \(regs\) is not mapped into the window/);
  assert.throws(() => new Ctor(other.window, { 0: { offset: other.bar.offset, size: 0x800 } }), /mapped with 2048 bytes; the spec needs 4096/);
});

test('a shared window runs the shared build', async () => {
  const s = await openDemo({ shared: true });
  assert.ok(s.window.buffer instanceof SharedArrayBuffer);
  pwrite32(s.barFd, 0x2c, 0x1234);
  assert.is(s.dev.read$tdh(), 0x1234);
});

test.run();
