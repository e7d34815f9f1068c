// The NIC programs' test frames (examples/nic/frame.ts) and flags (examples/nic/options.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFrame, FrameStamper, parseMac, restampFrame, writeFrame } from '../../examples/nic/frame.js';
import { HELP, parseProgramOptions } from '../../examples/nic/options.js';

const dst = parseMac('ff:ff:ff:ff:ff:ff');
const src = parseMac('52:54:00:12:34:56');

test('a frame carries its sequence number; a flipped byte or a foreign frame is told apart', () => {
  const b = new Uint8Array(256);
  writeFrame(b, 64, 60, 0xdeadbeef, dst, src);
  assert.equal([...b.subarray(64, 78)], [255, 255, 255, 255, 255, 255, 0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x88, 0xb5]);
  assert.is(checkFrame(b, 64, 60), 0xdeadbeef);
  restampFrame(b, 64, 60, 7);
  assert.is(checkFrame(b, 64, 60), 7);
  b[64 + 59] ^= 1;
  assert.is(checkFrame(b, 64, 60), -2, 'corrupt pattern');
  b[64 + 12] = 0x08;
  assert.is(checkFrame(b, 64, 60), -1, 'not a test frame (IPv4)');
  assert.throws(() => writeFrame(b, 0, 59, 0, dst, src), /below the Ethernet minimum of 60/);
  assert.throws(() => parseMac('52:54:00:12:34'), /not a MAC address/);
});

test('FrameStamper gives byte for byte the frame writeFrame writes, for every pattern offset', () => {
  for (const size of [60, 1514]) {
    const st = new FrameStamper(size);
    const a = new Uint8Array(size);
    const b = new Uint8Array(size);
    writeFrame(b, 0, size, 0, dst, src);
    for (const seq of [0, 1, 7, 255, 256, 1000, 0xffffffff]) {
      writeFrame(a, 0, size, seq, dst, src);
      st.stamp(b, seq);
      assert.equal(b, a, `size ${size} seq ${seq}`);
      assert.is(checkFrame(b, 0, size), seq);
    }
  }
});

test('program flags: defaults, --sim, engines and clear errors', () => {
  assert.is(parseProgramOptions([]), undefined);
  assert.is(parseProgramOptions(['--help']), undefined);
  assert.ok(HELP.includes('--engine ts|wasm'));
  assert.equal(parseProgramOptions(['fwd', '0000:00:04.0', '0000:00:05.0']), {
    program: 'fwd', bdfs: ['0000:00:04.0', '0000:00:05.0'], sim: false, engine: 'ts', batch: 32, size: 60, count: 0, seconds: 0, interrupts: false, json: false,
  });
  const o = parseProgramOptions(['pktgen', '--sim', '--engine', 'wasm', '--batch', '256', '--size', '1514', '--count', '1000', '--json']);
  assert.equal([o?.engine, o?.batch, o?.size, o?.count, o?.json, o?.sim], ['wasm', 256, 1514, 1000, true, true]);
  assert.throws(() => parseProgramOptions(['fwd', '0000:00:04.0']), /fwd needs two PCI addresses/);
  assert.throws(() => parseProgramOptions(['recv', '--sim', '0000:00:04.0']), /either --sim or PCI addresses/);
  assert.throws(() => parseProgramOptions(['pktgen', '--sim', '--engine', 'c']), /--engine must be ts or wasm, got 'c'/);
  assert.throws(() => parseProgramOptions(['pktgen', '--sim', '--size', '59']), /--size must be an integer in 60\.\.2048, got '59'/);
  assert.throws(() => parseProgramOptions(['blast', '--sim']), /unknown program 'blast'/);
});

test.run();
