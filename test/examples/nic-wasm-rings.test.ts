// The 'wasm' ring engine (examples/nic/wasm-rings.ts) over a file standing in for BAR 0 (openDevice's
// file backend): the device hands out its BAR (Device.barSource), the engine maps it into the device
// window, and the generated submit$ routines write RDT/TDT themselves — the file sees the tails. The
// rings are window pages adopted for DMA; a "device" completion (dd set in the ring) is reaped by reap$.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDevice } from '../../runtime/open-device.js';
import { PacketPool } from '../../runtime/dma/packet-pool.js';
import { E1000eRegs } from '../../generated/e1000e/e1000e.js';
import { WasmQueueRings } from '../../examples/nic/wasm-rings.js';
import { TX_CMD } from '../../examples/nic/rings.js';
import { tempDir } from '../runtime/fixtures.js';

const RDT = 0x2818;
const TDT = 0x3818;

test('with the real BAR in the window, submit$ writes the tail register itself; reap$ finds what the device finished', () => {
  const file = path.join(tempDir(), 'bar0');
  writeFileSync(file, new Uint8Array(E1000eRegs.size));
  const dev = openDevice({ file }, { bars: { 0: E1000eRegs.size } });
  const src = dev.barSource?.(0);
  assert.ok(src && src.size === E1000eRegs.size && src.offset === 0, 'the file backend hands out BAR 0');
  const regs = new E1000eRegs(dev.bar(0));
  const pool = new PacketPool(dev.dma, { count: 32 });
  const rings = WasmQueueRings.create(dev, regs, 8, 8);
  assert.ok(rings.directDoorbell);
  assert.is(rings.rxBase % 4096n, 0n);
  const ids = new Uint32Array(8);
  assert.is(pool.allocBatch(ids, 7), 7);
  rings.rxPublish(pool, ids, 0, 7);
  assert.is(readFileSync(file).readUInt32LE(RDT), 7, 'RDT in the BAR file, written by the wasm routine');
  for (let i = 0; i < 7; i++) {
    const d = rings.rxEntry(i);
    assert.is(d.buffer_addr.read(), pool.addresses[ids[i]!], `descriptor ${i} holds its buffer's device address`);
    assert.not.ok(d.status.get('dd'));
  }
  for (let i = 0; i < 3; i++) rings.rxEntry(i).status.write({ dd: true, eop: true }); // the "device" fills three
  assert.is(rings.rxReap(8), 3);
  assert.equal([rings.rxHead, rings.rxInFlight], [3, 4]);
  const tx = new Uint32Array(4);
  pool.allocBatch(tx, 4);
  rings.txPublish(pool, tx, Uint16Array.of(60, 61, 62, 63), 0, 4);
  assert.is(readFileSync(file).readUInt32LE(TDT), 4, 'TDT written by the wasm routine');
  const txView = rings.txEntry(3);
  assert.equal([txView.length.read(), txView.cmd.read(), txView.buffer_addr.read()], [63, TX_CMD, pool.addresses[tx[3]!]]);
  assert.is(rings.txReap(8), 0, 'nothing sent yet');
  rings.close();
  pool.close();
  dev.close();
  assert.throws(() => dev.barSource?.(0), /the device is closed/);
});

test.run();
