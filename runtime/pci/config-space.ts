// PCI configuration space through a file descriptor: sysfs `config` (offset 0) or the VFIO config
// region (offset index << 40). Positioned reads/writes of exactly the access width.
import { readSync, writeSync } from 'node:fs';
import { fromNodeError } from '../ffi/sys-error.js';

export const PCI_COMMAND = 0x04;
export const COMMAND_IO = 0x1;
export const COMMAND_MEMORY = 0x2;
export const COMMAND_MASTER = 0x4;
/** Bit 10: INTx disabled. uio_pci_generic sets it in its handler; userspace clears it to re-arm. */
export const COMMAND_INTX_DISABLE = 0x400;

export class ConfigSpace {
  /** `label` names the file in errors, e.g. "/sys/bus/pci/devices/0000:00:04.0/config". */
  constructor(
    readonly fd: number,
    readonly label: string,
    private readonly base = 0,
  ) {}

  read8(offset: number): number {
    return this.read(offset, 1).readUInt8(0);
  }
  read16(offset: number): number {
    return this.read(offset, 2).readUInt16LE(0);
  }
  read32(offset: number): number {
    return this.read(offset, 4).readUInt32LE(0);
  }
  write8(offset: number, value: number): void {
    const b = Buffer.alloc(1);
    b.writeUInt8(value);
    this.write(offset, b);
  }
  write16(offset: number, value: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(value);
    this.write(offset, b);
  }
  write32(offset: number, value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0);
    this.write(offset, b);
  }

  private read(offset: number, width: number): Buffer {
    const b = Buffer.alloc(width);
    let n: number;
    try {
      n = readSync(this.fd, b, 0, width, this.base + offset);
    } catch (error) {
      throw fromNodeError(error, 'pread', this.label);
    }
    if (n !== width) throw new Error(`pread ${this.label}: ${width}-byte read at 0x${offset.toString(16)} returned ${n} bytes (config space is 256 bytes to non-root users; run as root for the rest)`);
    return b;
  }

  private write(offset: number, b: Buffer): void {
    try {
      writeSync(this.fd, b, 0, b.length, this.base + offset);
    } catch (error) {
      throw fromNodeError(error, 'pwrite', this.label, 'writing PCI config space needs root (or the VFIO device fd)');
    }
  }
}

/** Clears the INTx-disable bit (re-arms INTx after uio_pci_generic masked it). */
export function enableIntx(cfg: ConfigSpace): void {
  const old = cfg.read16(PCI_COMMAND);
  if (old & COMMAND_INTX_DISABLE) cfg.write16(PCI_COMMAND, old & ~COMMAND_INTX_DISABLE);
}
