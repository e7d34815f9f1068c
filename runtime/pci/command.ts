// What openDevice changes in PCI_COMMAND, and putting it back. A device left with bus mastering on
// after its driver is gone can DMA into memory the kernel has since handed to someone else (DPDK clears
// it when releasing a device for this reason), so close() undoes exactly the bits open turned on.
import { SysError } from '../ffi/sys-error.js';
import { COMMAND_IO, COMMAND_MASTER, COMMAND_MEMORY, PCI_COMMAND, type ConfigSpace } from './config-space.js';

const NAMES: readonly (readonly [number, string])[] = [
  [COMMAND_IO, 'I/O decoding'],
  [COMMAND_MEMORY, 'memory decoding'],
  [COMMAND_MASTER, 'bus mastering'],
];

/** "memory decoding and bus mastering" for COMMAND_MEMORY | COMMAND_MASTER. */
export function commandBitNames(bits: number): string {
  const names = NAMES.filter(([bit]) => bits & bit).map(([, name]) => name);
  return names.length <= 1 ? (names[0] ?? 'no bits') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

function lowByte(bits: number, what: string): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > 0xff) throw new RangeError(`${what}: PCI_COMMAND bits 0x${bits.toString(16)} are not all in the low byte`);
}

/**
 * Sets `bits` where they are clear; returns the ones it turned on (0 when all were already set), so
 * a bit some kernel driver or another process set before us is never ours to clear.
 */
export function turnOnCommandBits(cfg: ConfigSpace, bits: number): number {
  lowByte(bits, 'turnOnCommandBits');
  const old = cfg.read16(PCI_COMMAND);
  const missing = bits & ~old;
  if (missing !== 0) cfg.write16(PCI_COMMAND, old | missing);
  return missing;
}

/**
 * Clears those of `bits` that are still set. Writes only the low byte of PCI_COMMAND: the
 * INTx-disable bit (bit 10, byte 5) is toggled by uio_pci_generic's interrupt handler, and a 16-bit
 * read-modify-write here could undo a mask it set in between.
 */
export function turnOffCommandBits(cfg: ConfigSpace, bits: number): void {
  lowByte(bits, 'turnOffCommandBits');
  const now = cfg.read8(PCI_COMMAND);
  if ((now & bits) !== 0) cfg.write8(PCI_COMMAND, now & ~bits);
}

/** What openDevice did to PCI_COMMAND; `undo` is for close() (and for a failed open). */
export interface CommandChange {
  /** The bits open turned on. */
  readonly turnedOn: number;
  /** For Device.description: what changed and whether close undoes it ('' when nothing changed). */
  readonly text: string;
  /** Clears `turnedOn` (if `restore`); a config failure becomes a SysError saying what was left on. */
  undo(): void;
}

export const NO_COMMAND_CHANGE: CommandChange = { turnedOn: 0, text: '', undo: () => {} };

/** Turns on `bits` and describes it; with `restore` false, undo() leaves them on. */
export function changeCommand(cfg: ConfigSpace, bits: number, restore: boolean): CommandChange {
  const turnedOn = turnOnCommandBits(cfg, bits);
  if (turnedOn === 0) return NO_COMMAND_CHANGE;
  const names = commandBitNames(turnedOn);
  return {
    turnedOn,
    text: restore
      ? `; enabled ${names} in PCI_COMMAND (close() turns ${turnedOn & (turnedOn - 1) ? 'them' : 'it'} off again)`
      : `; enabled ${names} in PCI_COMMAND (left on at close: restoreCommand is false)`,
    undo: () => {
      if (!restore) return;
      try {
        turnOffCommandBits(cfg, turnedOn);
      } catch (error) {
        if (!(error instanceof SysError)) throw error;
        // Same code, call and path; the hint says what this means for the device.
        throw new SysError({
          syscall: error.syscall,
          errno: error.errno,
          ...(error.path === undefined ? {} : { path: error.path }),
          hint: `could not turn ${names} back off in PCI_COMMAND (was the device removed?); every other resource was still released`,
        });
      }
    },
  };
}
