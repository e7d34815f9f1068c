// An interrupt vector delivered on an eventfd (VFIO INTx/MSI/MSI-X, or a test): reading the 8-byte
// counter returns and resets the number of signals since the last read.
import * as libc from '../ffi/libc.js';
import { EFD_CLOEXEC, EFD_NONBLOCK } from '../ffi/constants.js';
import type { IrqChannel } from './channel.js';
import { FdReader } from './fd-reader.js';
import { readNow } from './read-now.js';

export class EventfdChannel implements IrqChannel {
  readonly fd: number;
  private readonly buf = Buffer.alloc(8);
  private readonly reader: FdReader;
  private onEvents: (count: number) => void = () => {};
  private onError: (error: Error) => void = () => {};
  private onDrained: () => void = () => {};

  /** Creates a non-blocking eventfd; `onArm` runs before each wait (e.g. VFIO INTx unmask). */
  constructor(
    readonly vector: number,
    private readonly label: string,
    private readonly onArm: () => void = () => {},
  ) {
    this.fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    try {
      this.reader = new FdReader({
        fd: this.fd,
        size: 8,
        label,
        onRecord: (bytes) => {
          const n = Number(bytes.readBigUInt64LE(0));
          if (n > 0) this.onEvents(n);
        },
        onError: (error) => this.onError(error),
        onDrained: () => this.onDrained(),
      });
    } catch (error) {
      libc.close(this.fd, label);
      throw error;
    }
  }

  arm(): void {
    this.onArm();
  }

  take(): number {
    const n = readCounter(this.fd, this.buf, this.label);
    if (n === 0) this.reader.emptied(); // a wait right after a delivery: libuv need not read again
    return n;
  }

  listen(onEvents: (count: number) => void, onError: (error: Error) => void, onDrained: () => void = () => {}): void {
    this.onEvents = onEvents;
    this.onError = onError;
    this.onDrained = onDrained;
    this.reader.start();
  }

  unlisten(): void {
    this.reader.stop();
  }

  /** Closes the eventfd (through the libuv handle that owns it). */
  close(): void {
    this.reader.close();
  }
}

/** Reads an eventfd counter; 0 when it was empty (EAGAIN). */
export function readCounter(fd: number, buf: Buffer, label: string): number {
  return readNow(fd, buf, 8, label) === 0 ? 0 : Number(buf.readBigUInt64LE(0));
}
