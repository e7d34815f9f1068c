// The UIO interrupt: read() of /dev/uioN returns the device's running 4-byte event total once it moved.
// Re-arming is device-specific: drivers with irqcontrol take write(1); uio_pci_generic has none (ENOSYS)
// and masks INTx in PCI_COMMAND in its handler, so we clear the INTx-disable bit in config space instead.
import { readFileSync, writeSync } from 'node:fs';
import * as libc from '../ffi/libc.js';
import { fromNodeError } from '../ffi/sys-error.js';
import { enableIntx, type ConfigSpace } from '../pci/config-space.js';
import type { IrqChannel } from './channel.js';
import { FdReader } from './fd-reader.js';
import { readNow } from './read-now.js';

export interface UioChannelInit {
  /** /dev/uioN opened O_RDWR | O_NONBLOCK; owned by the channel. */
  readonly fd: number;
  readonly label: string;
  /** The total before our first wait (sysfs `event`), so the first delivery can report missed events. */
  readonly baseline?: number;
  readonly rearm: () => void;
  /** Releases what the re-arm opened (the config space fd). */
  readonly onClose?: () => void;
}

export class UioChannel implements IrqChannel {
  readonly vector = 0;
  readonly fd: number;
  private last: number | undefined;
  private readonly buf = Buffer.alloc(4);
  private readonly reader: FdReader;
  private onEvents: (count: number) => void = () => {};
  private onError: (error: Error) => void = () => {};
  private onDrained: () => void = () => {};

  constructor(private readonly init: UioChannelInit) {
    this.fd = init.fd;
    this.last = init.baseline;
    // libuv reads exactly 4 bytes per wake-up (any other length is EINVAL on /dev/uioN).
    this.reader = this.openReader();
  }

  private openReader(): FdReader {
    try {
      return new FdReader({
        fd: this.init.fd,
        size: 4,
        label: this.init.label,
        onRecord: (bytes, length) => {
          let count: number;
          try {
            count = this.advance(bytes, length);
          } catch (error) {
            this.reader.stop();
            return this.onError(error as Error);
          }
          if (count > 0) this.onEvents(count);
        },
        onError: (error) => this.onError(error),
        onDrained: () => this.onDrained(),
      });
    } catch (error) {
      this.init.onClose?.();
      libc.close(this.fd, this.init.label);
      throw error;
    }
  }

  arm(): void {
    this.init.rearm();
  }

  take(): number {
    const n = readNow(this.fd, this.buf, 4, this.init.label);
    if (n === 0) this.reader.emptied(); // a wait right after a delivery: libuv need not read again
    return n === 0 ? 0 : this.advance(this.buf, n);
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

  close(): void {
    this.init.onClose?.();
    this.reader.close(); // closes the fd
  }

  /** Events since the previous read, from the running total just read. */
  private advance(bytes: Buffer, n: number): number {
    if (n !== 4) throw new Error(`read ${this.init.label}: expected the 4-byte UIO event count, got ${n} bytes (is this a UIO device node?)`);
    const total = bytes.readUInt32LE(0);
    const count = this.last === undefined ? 1 : (total - this.last) >>> 0; // the total wraps at 2^32
    this.last = total;
    return count;
  }
}

/** The sysfs `event` attribute (running total), or undefined when unreadable. */
export function readUioEventTotal(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** write(1) on the /dev/uioN fd: the irqcontrol "enable" command. */
export function irqcontrolWriter(fd: number): () => void {
  const one = Buffer.alloc(4);
  one.writeUInt32LE(1);
  return () => void writeSync(fd, one, 0, 4);
}

/**
 * The UIO re-arm: irqcontrol (`writeOne`, normally irqcontrolWriter(fd)); when the driver has none
 * (ENOSYS, uio_pci_generic) switch for good to clearing PCI_COMMAND.INTX_DISABLE through `config`.
 */
export function uioRearm(writeOne: () => void, label: string, config: (() => ConfigSpace) | undefined): () => void {
  let cfg: ConfigSpace | undefined;
  return () => {
    if (cfg) return enableIntx(cfg);
    try {
      writeOne();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSYS') throw fromNodeError(error, 'write', `${label} (irqcontrol)`);
      if (!config) {
        throw fromNodeError(
          error,
          'write',
          `${label} (irqcontrol)`,
          'this UIO driver cannot re-enable its interrupt from userspace and the device is not PCI, so there is no INTx bit to clear',
        );
      }
      cfg = config();
      enableIntx(cfg);
    }
  };
}
