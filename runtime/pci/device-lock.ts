// One driver per device. VFIO enforces it (a second open of the group is EBUSY); UIO and the sysfs
// resource files do not, so two processes could drive one device at once. openDevice therefore takes
// an exclusive flock(2) on the device's sysfs `config` file (any user may open it read-only; the lock is
// on the inode, so UIO, resource and VFIO openers of the same device exclude each other), or on
// /dev/uioN for a UIO device without a PCI address. The kernel drops the lock when the process ends,
// however it ends (SIGKILL included), so a stale lock cannot exist.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as libc from '../ffi/libc.js';
import { O_CLOEXEC, O_RDONLY } from '../ffi/constants.js';

/** The pid holding a FLOCK on `file`, from /proc/locks ("1: FLOCK ADVISORY WRITE <pid> <maj>:<min>:<ino> 0 EOF"). */
export function lockHolder(file: string, procRoot = '/proc'): number | undefined {
  let st;
  try {
    st = statSync(file, { bigint: true });
  } catch {
    return undefined;
  }
  const major = Number(((st.dev >> 8n) & 0xfffn) | ((st.dev >> 32n) & ~0xfffn));
  const minor = Number((st.dev & 0xffn) | ((st.dev >> 12n) & ~0xffn));
  let text = '';
  try {
    text = readFileSync(`${procRoot}/locks`, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+FLOCK\s+\S+\s+\S+\s+(\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (m && BigInt(m[4]!) === st.ino && parseInt(m[2]!, 16) === major && parseInt(m[3]!, 16) === minor) return Number(m[1]);
  }
  return undefined;
}

function commandOf(pid: number, procRoot: string): string {
  try {
    const line = readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').replace(/\s+/g, ' ');
    return line.length > 100 ? `${line.slice(0, 99)}…` : line;
  } catch {
    return '';
  }
}

/**
 * Takes the device's driver lock; returns its release. `device` names the device in the error a second
 * opener gets, which also names the holder's pid and command line.
 */
export function lockDevice(file: string, device: string, procRoot = '/proc'): () => void {
  // A fixture tree (or a platform without the file) has nothing to lock; real PCI devices always do.
  if (!existsSync(file)) return () => {};
  const fd = libc.open(file, O_RDONLY | O_CLOEXEC);
  let got: boolean;
  try {
    got = libc.flockExclusive(fd, file);
  } catch (error) {
    libc.close(fd, file);
    throw error;
  }
  if (!got) {
    libc.close(fd, file);
    const pid = lockHolder(file, procRoot);
    const who = pid === undefined ? 'another process (its pid is not in /proc/locks)' : pid === process.pid ? `this process (pid ${pid}): it is open already; close it first` : `pid ${pid}${commandOf(pid, procRoot) ? ` (${commandOf(pid, procRoot)})` : ''}`;
    throw Object.assign(new Error(`openDevice: ${device} is already driven by ${who}; one driver per device (lock: flock on ${file}). Stop that driver, or close its device, and open again`), {
      code: 'EBUSY',
      holder: pid,
    });
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    libc.close(fd, file); // closing the last fd of the open file description drops the flock
  };
}
