// ffi-rs's createExternalBuffer silently copies on runtimes that forbid external buffers. A copy would
// make every register access hit a stale snapshot, so prove once per process that views alias the
// mapping — same address, and a write through the view visible to pread on the fd — or refuse to run.
import * as libc from './libc.js';
import { MAP_SHARED, MFD_CLOEXEC, PROT_READ, PROT_WRITE } from './constants.js';

let verified = false;

export function assertZeroCopy(): void {
  if (verified) return;
  const size = libc.pageSize();
  const fd = libc.memfdCreate('regmill-zero-copy-check', MFD_CLOEXEC);
  try {
    libc.ftruncate(fd, size, 'memfd regmill-zero-copy-check');
    const address = libc.mmap(size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0, 'memfd regmill-zero-copy-check');
    try {
      const view = libc.viewOf(address, size);
      const seen = libc.addressOf(view);
      const word = new Uint32Array(view.buffer, view.byteOffset, size / 4);
      word[3] = 0x5eed1234;
      const back = Buffer.alloc(4);
      libc.pread(fd, back, 12, 'memfd regmill-zero-copy-check');
      if (seen !== address || back.readUInt32LE(0) !== 0x5eed1234) {
        throw new Error(
          `ffi-rs createExternalBuffer returned a copy, not a view of the mapping (mapping at 0x${address.toString(16)}, view at 0x${seen.toString(16)}); ` +
            'register access through a copy is wrong, so the runtime refuses to run here (use plain Node.js, not Electron-style runtimes)',
        );
      }
    } finally {
      libc.munmap(address, size);
    }
  } finally {
    libc.close(fd);
  }
  verified = true;
}
