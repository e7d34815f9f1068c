// vm-guest: {"devices": ["ivshmem"], "timeoutSec": 120}
// QEMU ivshmem-plain through the accessors generated from specs/ivshmem.regs and openDevice({ resource }):
// the PCI ids and BAR sizes come from the generated device description, BAR0's registers from the
// generated IvshmemRegs, and BAR2 is the host's backing file: the host hooks (ivshmem.host.mjs) fill it
// before boot, the guest finds that pattern at both ends of BAR2 and writes its own, which the host checks
// after poweroff.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { device as spec, IntrMask, IvshmemRegs } from '../../../generated/ivshmem/ivshmem.js';
import { findPciDevices, openDevice, type Device } from '../../../runtime/index.js';
import { checkedWords, guestWord, hostWord } from './ivshmem-pattern.mjs';

const barSize = (index: number): number => spec.bars.find((b) => b.index === index)!.size;
let dev: Device;

test('open ivshmem-plain over sysfs resource files with the BAR sizes the spec declares', () => {
  const found = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device });
  assert.is(found.length, 1, 'one ivshmem on the bus');
  dev = openDevice({ resource: found[0]!.bdf }, { bars: { 0: barSize(0), 2: barSize(2) } });
  assert.is(dev.backend, 'resource');
});

test('BAR0 registers through the generated accessors', () => {
  const regs = new IvshmemRegs(dev.bar(0));
  assert.is(regs.iv_position.read(), 0, 'ivshmem-plain has peer id 0');
  regs.intr_mask.write({ peer: true });
  assert.ok(IntrMask.peer.get(regs.intr_mask.read()), 'intr_mask keeps what was written');
  regs.intr_mask.write({ peer: false });
  assert.not.ok(IntrMask.peer.get(regs.intr_mask.read()));
});

test('BAR2 shows what the host wrote, at both ends', () => {
  const bar2 = dev.bar(2);
  const bad = checkedWords(bar2.size).filter((i) => bar2.read32(i * 4) >>> 0 !== hostWord(i));
  assert.is(bad.length, 0, `words that differ from the host pattern (first: ${bad[0]})`);
});

test('BAR2 takes what the guest writes (checked again by the host after poweroff)', () => {
  const bar2 = dev.bar(2);
  const words = checkedWords(bar2.size);
  for (const i of words) bar2.write32(i * 4, guestWord(i));
  const bad = words.filter((i) => bar2.read32(i * 4) >>> 0 !== guestWord(i));
  assert.is(bad.length, 0, 'words that differ from the guest pattern after writing it');
  dev.close();
});

test.run();
