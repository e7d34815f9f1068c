// Any regular file or memfd mapped as a BAR: the test and development stand-in for device memory.
import { fstatSync } from 'node:fs';
import * as libc from '../ffi/libc.js';
import { O_CLOEXEC, O_RDWR } from '../ffi/constants.js';
import { fromNodeError } from '../ffi/sys-error.js';
import { FdMapping } from './fd-mapping.js';
import { sizeMismatch, type Mapping } from './mapping.js';

export interface FileMapOptions {
  readonly bar: number;
  /** The spec's BAR size; the file must hold at least offset + size bytes. */
  readonly size: number;
  /** Byte offset of the BAR in the file (page-aligned not required). */
  readonly offset?: number;
}

/** Maps `path`; the fd is closed with the mapping. */
export function mapFile(path: string, options: FileMapOptions): Mapping {
  const fd = libc.open(path, O_RDWR | O_CLOEXEC);
  try {
    return mapFileFd(fd, path, options, true);
  } catch (error) {
    libc.close(fd, path);
    throw error;
  }
}

/** Maps an already open fd (e.g. a memfd); `ownsFd` decides whether close() closes it. */
export function mapFileFd(fd: number, label: string, options: FileMapOptions, ownsFd: boolean): Mapping {
  const offset = options.offset ?? 0;
  let st;
  try {
    st = fstatSync(fd);
  } catch (error) {
    throw fromNodeError(error, 'fstat', label);
  }
  if (!st.isFile()) {
    throw new Error(`${label} is not a regular file or memfd (a ${st.isDirectory() ? 'directory' : 'device or special file'}); the file source maps only regular files`);
  }
  if (offset < 0 || !Number.isInteger(offset)) throw new RangeError(`BAR ${options.bar}: offset ${offset} in ${label} is not a non-negative integer`);
  // Touching a mapped page past end-of-file raises SIGBUS, so a short file must be refused here.
  if (st.size < offset + options.size) {
    throw sizeMismatch(label, options.bar, options.size, Math.max(st.size - offset, 0), offset ? ` from offset 0x${offset.toString(16)}` : '');
  }
  return new FdMapping({ fd, ownsFd, offset, size: options.size, label, bar: options.bar });
}
