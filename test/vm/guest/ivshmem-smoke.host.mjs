// Host side of ivshmem-smoke.guest.ts: fills the backing file before boot, checks the guest's writes after.
import { readFileSync, writeFileSync } from 'node:fs';
import { guestWord, hostWord, IVSHMEM_SIZE, WORDS_CHECKED } from './ivshmem-pattern.mjs';

/** @param {{ ivshmemPath: string }} ctx */
export function prepare({ ivshmemPath }) {
  const buf = Buffer.alloc(IVSHMEM_SIZE);
  for (let i = 0; i < WORDS_CHECKED; i++) buf.writeUInt32LE(hostWord(i), i * 4);
  writeFileSync(ivshmemPath, buf);
}

/** @param {{ ivshmemPath: string }} ctx */
export function verify({ ivshmemPath }) {
  const buf = readFileSync(ivshmemPath);
  let bad = 0;
  for (let i = 0; i < WORDS_CHECKED; i++) if (buf.readUInt32LE(i * 4) !== guestWord(i)) bad++;
  if (bad > 0) throw new Error(`host check: ${bad} of ${WORDS_CHECKED} words in ${ivshmemPath} are not what the guest wrote`);
}
