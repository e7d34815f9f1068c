// One simulated BAR with registers as an Mmio: every access goes to the sim, which checks the width
// against the register and applies its semantics. Values cross as bigints so 64-bit registers work.
import { fits16, fits32, fits64, fits8, valueError, type Mmio } from '../registers/mmio.js';

export interface RegisterAccess<S> {
  read(state: S, offset: number, bytes: number): bigint;
  write(state: S, offset: number, bytes: number, value: bigint): void;
}

/** The value as `width` unsigned bits; a non-integer is the caller's bug, reported with the offset. */
/** The value rule of every Mmio (registers/mmio.ts): refused when it does not fit, never wrapped. */
function bits(width: 8 | 16 | 32, v: number, offset: number): bigint {
  if (!(width === 8 ? fits8(v) : width === 16 ? fits16(v) : fits32(v))) throw valueError(`write${width}`, offset, v, 'the simulated device');
  return BigInt.asUintN(width, BigInt(v));
}

/** One BAR with registers as an Mmio: every access goes through the sim's semantics. */
export class RegisterMmio<S> implements Mmio {
  constructor(
    private readonly sim: RegisterAccess<S>,
    private readonly state: S,
    readonly size: number,
  ) {}
  read8(o: number): number {
    return Number(this.sim.read(this.state, o, 1));
  }
  read16(o: number): number {
    return Number(this.sim.read(this.state, o, 2));
  }
  read32(o: number): number {
    return Number(this.sim.read(this.state, o, 4));
  }
  read64(o: number): bigint {
    return this.sim.read(this.state, o, 8);
  }
  write8(o: number, v: number): void {
    this.sim.write(this.state, o, 1, bits(8, v, o));
  }
  write16(o: number, v: number): void {
    this.sim.write(this.state, o, 2, bits(16, v, o));
  }
  write32(o: number, v: number): void {
    this.sim.write(this.state, o, 4, bits(32, v, o));
  }
  write64(o: number, v: bigint): void {
    if (!fits64(v)) throw valueError('write64', o, v, 'the simulated device');
    this.sim.write(this.state, o, 8, v);
  }
  fence(): void {}
}

