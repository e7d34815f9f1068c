// One error type for every failed system call: the errno name (`code`, like Node's own fs errors), the
// number, the call and the path or object it was about, and — where we know it — what to do about it.
import { constants } from 'node:os';

const namesByNumber = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) {
  if (!namesByNumber.has(value)) namesByNumber.set(value, name);
}

/** 'ENOENT' for 2, or 'E?123' for a number this platform does not name. */
export function errnoName(errno: number): string {
  return namesByNumber.get(errno) ?? `E?${errno}`;
}

// strerror(3) texts for the codes users meet here; others fall back to the text libc gave us.
const descriptions: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EIO: 'Input/output error',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENOTTY: 'Inappropriate ioctl for device',
  ENOSPC: 'No space left on device',
  ENOSYS: 'Function not implemented',
  ETIMEDOUT: 'Connection timed out',
  EOVERFLOW: 'Value too large for defined data type',
};

export interface SysErrorInit {
  readonly syscall: string;
  readonly errno: number;
  /** The file, device or object the call was about (e.g. '/dev/vfio/7' or '/dev/vfio/7 VFIO_GROUP_GET_STATUS'). */
  readonly path?: string;
  /** What the user can do about it. */
  readonly hint?: string;
  /** libc's own text, used when we have no description of our own. */
  readonly text?: string;
}

export class SysError extends Error {
  /** errno name, e.g. 'EACCES'. */
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly path: string | undefined;
  readonly hint: string | undefined;

  constructor(init: SysErrorInit) {
    const code = errnoName(init.errno);
    const text = descriptions[code] ?? init.text?.replace(/ \(os error \d+\)$/, '') ?? 'unknown error';
    const where = init.path === undefined ? '' : ` ${init.path}`;
    super(`${init.syscall}${where}: ${code} (${text})${init.hint ? ` — ${init.hint}` : ''}`);
    this.name = 'SysError';
    this.code = code;
    this.errno = init.errno;
    this.syscall = init.syscall;
    this.path = init.path;
    this.hint = init.hint;
  }
}

/** Converts an error thrown by node:fs into a SysError (same code, our message shape); rethrows anything else. */
export function fromNodeError(error: unknown, syscall: string, path: string, hint?: string): SysError {
  if (error instanceof SysError) return error;
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.errno === 'number' && typeof e.code === 'string') {
    return new SysError({ syscall, errno: Math.abs(e.errno), path, ...(hint === undefined ? {} : { hint }) });
  }
  throw error;
}

/** The hint we give for a permission failure on a device or sysfs file. */
export function permissionHint(path: string): string {
  const uid = process.getuid?.();
  const who = uid === undefined ? '<user>' : String(uid);
  return `run as root, or grant your user read/write access to ${path}: as root \`chown ${who} ${path}\` (lasts until the node is recreated; a udev rule makes it permanent)`;
}
