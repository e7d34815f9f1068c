// Host side of ivshmem.guest.ts: fills the backing file before boot, checks the guest's writes after.
import { readFileSync, writeFileSync } from 'node:fs';
import { checkedWords, guestWord, hostWord } from './ivshmem-pattern.mjs';

/** @param {{ ivshmemPath: string, ivshmemBytes: number }} ctx */
export function prepare({ ivshmemPath, ivshmemBytes }) {
  const buf = Buffer.alloc(ivshmemBytes);
  for (const i of checkedWords(ivshmemBytes)) buf.writeUInt32LE(hostWord(i), i * 4);
  writeFileSync(ivshmemPath, buf);
}

/** @param {{ ivshmemPath: string, ivshmemBytes: number }} ctx */
export function verify({ ivshmemPath, ivshmemBytes }) {
  const buf = readFileSync(ivshmemPath);
  const words = checkedWords(ivshmemBytes);
  const bad = words.filter((i) => buf.readUInt32LE(i * 4) !== guestWord(i)).length;
  if (bad > 0) throw new Error(`host check: ${bad} of ${words.length} words in ${ivshmemPath} are not what the guest wrote`);
}
