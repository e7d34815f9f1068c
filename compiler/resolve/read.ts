// Reading a spec file from disk without trusting what the path names: the file is opened without
// blocking (a FIFO would otherwise wait for a writer forever), fstat'ed, and read only when it is a
// regular file under MAX_SPEC_BYTES (`import "/dev/zero"` would otherwise read until memory runs out).
import { fsErrorText } from '../source/fsError.js';
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** Far above any real spec (e1000e.regs is 27 KB), far below what hurts to hold in memory. */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;

/** A file that exists but is no spec: a directory, a device, a FIFO, a socket, or too big. */
export class NotASpecFile extends Error {
  constructor(readonly file: string, readonly why: string) {
    super(why);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** compile()'s default reader: the UTF-8 text, undefined when there is no such file; throws otherwise. */
export function readSpecFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotASpecFile(file, `it is ${kindOf(st)}, not a .regs file`);
    if (st.size > MAX_SPEC_BYTES) throw new NotASpecFile(file, `it is ${st.size} bytes; a spec may be at most ${MAX_SPEC_BYTES} bytes (16 MiB)`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Why reading failed: NotASpecFile's reason, or errno once (fsError.ts). */
export function readErrorText(e: unknown): string {
  return e instanceof NotASpecFile ? e.why : fsErrorText(e);
}
