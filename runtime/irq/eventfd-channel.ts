// An interrupt vector delivered on an eventfd (VFIO INTx/MSI/MSI-X, or a test): reading the 8-byte
// counter returns and resets the number of signals since the last read.
import { readSync } from 'node:fs';
import * as libc from '../ffi/libc.js';
import { EFD_CLOEXEC, EFD_NONBLOCK } from '../ffi/constants.js';
import { fromNodeError } from '../ffi/sys-error.js';
import type { IrqChannel, IrqCount } from './channel.js';

export class EventfdChannel implements IrqChannel {
  readonly fd: number;
  private readonly buf = Buffer.alloc(8);

  /** Creates a non-blocking eventfd; `onArm` runs before each wait (e.g. VFIO INTx unmask). */
  constructor(
    readonly vector: number,
    private readonly label: string,
    private readonly onArm: () => void = () => {},
  ) {
    this.fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  }

  arm(): void {
    this.onArm();
  }

  consume(): IrqCount | undefined {
    const n = readCounter(this.fd, this.buf, this.label);
    if (n === 0) return undefined;
    return { count: n, missed: n - 1 };
  }

  close(): void {
    libc.close(this.fd, this.label);
  }
}

/** Reads an eventfd counter; 0 when it was empty (EAGAIN). */
export function readCounter(fd: number, buf: Buffer, label: string): number {
  try {
    readSync(fd, buf, 0, 8, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
    throw fromNodeError(error, 'read', label);
  }
  return Number(buf.readBigUInt64LE(0));
}
