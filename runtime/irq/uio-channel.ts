// The UIO interrupt: read() of /dev/uioN returns the device's running 4-byte event total once it moved.
// Re-arming is device-specific: drivers with irqcontrol take write(1); uio_pci_generic has none (ENOSYS)
// and masks INTx in PCI_COMMAND in its handler, so we clear the INTx-disable bit in config space instead.
import { readFileSync, readSync, writeSync } from 'node:fs';
import * as libc from '../ffi/libc.js';
import { fromNodeError } from '../ffi/sys-error.js';
import { enableIntx, type ConfigSpace } from '../pci/config-space.js';
import type { IrqChannel, IrqCount } from './channel.js';

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

  constructor(private readonly init: UioChannelInit) {
    this.fd = init.fd;
    this.last = init.baseline;
  }

  arm(): void {
    this.init.rearm();
  }

  consume(): IrqCount | undefined {
    let n: number;
    try {
      n = readSync(this.fd, this.buf, 0, 4, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return undefined;
      throw fromNodeError(error, 'read', this.init.label);
    }
    if (n !== 4) throw new Error(`read ${this.init.label}: expected the 4-byte UIO event count, got ${n} bytes (is this a UIO device node?)`);
    const total = this.buf.readUInt32LE(0);
    const count = this.last === undefined ? 1 : (total - this.last) >>> 0; // the total wraps at 2^32
    this.last = total;
    if (count === 0) return undefined;
    return { count, missed: count - 1 };
  }

  close(): void {
    this.init.onClose?.();
    libc.close(this.fd, this.init.label);
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
        throw fromNodeError(error, 'write', `${label} (irqcontrol)`, 'this UIO driver cannot re-enable its interrupt from userspace and the device is not PCI, so there is no INTx bit to clear');
      }
      cfg = config();
      enableIntx(cfg);
    }
  };
}
