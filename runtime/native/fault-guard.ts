// Device mappings guarded against SIGBUS. With the sigbus addon (runtime/native/sigbus.c) a fault on a
// guarded range is turned into an all-ones page and reported here, on the main loop, to the range's
// owner; the faulting access itself reads 0xFFFFFFFF. Without the addon guarding does nothing and a
// fault ends the process as before; `faultGuard().reason` says why.
// fillOnes() — switching a range to all-ones memory on a removal notice — works either way (ffi-rs).
import * as libc from '../ffi/libc.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../ffi/constants.js';
import { loadAddon } from './addons.js';

interface SigbusAddon {
  protect(base: bigint, length: number): number;
  unprotect(slot: number): void;
  fillOnes(base: bigint, length: number): void;
  onFault(callback: (faults: { slot: number; address: bigint }[], dropped: number) => void): void;
  faultCount(): number;
}

export interface GuardStatus {
  /** True when SIGBUS on a guarded mapping is survived. */
  readonly active: boolean;
  /** The addon's path, or why it is not in use. */
  readonly reason: string;
  /** Faults handled in this process (0 without the addon). */
  readonly faults: number;
}

let loaded: ReturnType<typeof loadAddon<SigbusAddon>> | undefined;
const owners = new Map<number, (address: bigint) => void>();

function addon(): SigbusAddon | undefined {
  if (!loaded) {
    loaded = loadAddon<SigbusAddon>('sigbus');
    loaded.addon?.onFault((faults, dropped) => {
      for (const f of faults) owners.get(f.slot)?.(f.address);
      if (dropped > 0) process.emitWarning(`${dropped} SIGBUS faults on device mappings were handled but not reported (the record ring was full)`, 'DeviceFault');
    });
  }
  return loaded.addon;
}

export function faultGuard(): GuardStatus {
  const a = addon();
  return a
    ? { active: true, reason: `SIGBUS on a device mapping reads all ones (${'path' in loaded! ? loaded.path : ''})`, faults: a.faultCount() }
    : { active: false, reason: `a SIGBUS on a device mapping ends the process: ${'reason' in loaded! ? loaded.reason : ''}`, faults: 0 };
}

/**
 * Guards the page-aligned range; `onFault` runs on the main loop with the faulting address after the
 * access already completed (reading all ones). Returns the unguard function (idempotent).
 */
export function guard(base: bigint, length: number, onFault: (address: bigint) => void): () => void {
  const a = addon();
  if (!a) return () => {};
  const slot = a.protect(base, length);
  owners.set(slot, onFault);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    a.unprotect(slot);
    owners.delete(slot);
  };
}

/** Replaces the page-aligned range with private anonymous memory that reads all ones. */
export function fillOnes(base: bigint, length: number, what: string): void {
  const a = addon();
  if (a) return a.fillOnes(base, length);
  libc.mmap(length, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, `${what} (all-ones placeholder)`, base);
  libc.viewOf(base, length).fill(0xff);
}
