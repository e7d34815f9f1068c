// vm-guest: {"devices": ["ivshmem"], "timeoutSec": 90}
// Harness check for host-side hooks (ivshmem-smoke.host.mjs) and the ivshmem-plain backing file: the host
// fills the file before boot, the guest finds the pattern in BAR2 through sysfs `resource2` with the
// runtime's openDevice({ resource }) and writes its own pattern back, which the host verifies after poweroff.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDevice } from '../../../runtime/index.js';
import { guestWord, hostWord, IVSHMEM_SIZE, WORDS_CHECKED } from './ivshmem-pattern.mjs';

const PCI_DEVICES = '/sys/bus/pci/devices';
const sysHex = (file: string): number => Number.parseInt(readFileSync(file, 'utf8').trim(), 16);
let bdf = '';

test('ivshmem-plain (1af4:1110) is on the PCI bus', () => {
  const found = readdirSync(PCI_DEVICES).filter(
    (d) => sysHex(path.join(PCI_DEVICES, d, 'vendor')) === 0x1af4 && sysHex(path.join(PCI_DEVICES, d, 'device')) === 0x1110,
  );
  assert.is(found.length, 1, `ivshmem devices found: ${found.join(', ') || 'none'}`);
  bdf = found[0];
});

test('BAR2 shows what the host wrote, and takes what the guest writes', () => {
  const dev = openDevice({ resource: bdf }, { bars: { 2: IVSHMEM_SIZE } });
  const bar2 = dev.bar(2);
  try {
    let bad = 0;
    for (let i = 0; i < WORDS_CHECKED; i++) if (bar2.read32(i * 4) >>> 0 !== hostWord(i)) bad++;
    assert.is(bad, 0, 'words that differ from the host pattern');
    for (let i = 0; i < WORDS_CHECKED; i++) bar2.write32(i * 4, guestWord(i));
    for (let i = 0; i < WORDS_CHECKED; i++) if (bar2.read32(i * 4) >>> 0 !== guestWord(i)) bad++;
    assert.is(bad, 0, 'words that differ from the guest pattern after writing it');
  } finally {
    dev.close();
  }
});

test.run();
