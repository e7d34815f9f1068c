// vm-guest: {"devices": ["ivshmem"], "timeoutSec": 90}
// Harness check for host-side hooks (ivshmem-smoke.host.mjs) and the ivshmem-plain backing file: the host
// fills the file before boot, the guest finds the pattern in BAR2 through sysfs `resource2` with the
// runtime mapping layer and writes its own pattern back, which the host verifies after poweroff.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapFile } from '../../../runtime/mappings/file.js';
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
  const bar2 = mapFile(path.join(PCI_DEVICES, bdf, 'resource2'), { bar: 2, size: IVSHMEM_SIZE });
  try {
    let bad = 0;
    for (let i = 0; i < WORDS_CHECKED; i++) if (bar2.mmio.read32(i * 4) >>> 0 !== hostWord(i)) bad++;
    assert.is(bad, 0, 'words that differ from the host pattern');
    for (let i = 0; i < WORDS_CHECKED; i++) bar2.mmio.write32(i * 4, guestWord(i));
    for (let i = 0; i < WORDS_CHECKED; i++) if (bar2.mmio.read32(i * 4) >>> 0 !== guestWord(i)) bad++;
    assert.is(bad, 0, 'words that differ from the guest pattern after writing it');
  } finally {
    bar2.close();
  }
});

test.run();
