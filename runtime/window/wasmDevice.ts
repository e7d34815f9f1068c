// The hand-written half of every generated `<device>.wasm.ts` wrapper: loading the module's two builds,
// instantiating the right one on a device window, checking the BARs are mapped where the module was
// built to find them, and the checked raw
// read8…write64 window access. A generated wrapper extends WasmDevice and adds only what is
// device-specific: its exports interface, BAR table, build file names and per-register routines.
// (Thin generated code, fat core: the svd2rust generic.rs / tock-registers split.)
import { readFileSync } from 'node:fs';
import type { DeviceWindow, WindowRegion } from './deviceWindow.js';
import { instantiateOnWindow } from './instantiate.js';
import { checkWindowOffset, rethrowTrap } from './traps.js';

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * A BAR a module reaches: `size` is what the spec declares, the least a mapping must cover; `offset` is
 * where in the window the module was built to find it (register addresses are constants in its code).
 */
export interface WasmBar {
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly offset: number;
}

/**
 * The exports every generated module has (i32 results signed, i64 ones bigint, as wasm returns them):
 * barOffset, and raw volatile access at a window offset. Generated exports interfaces extend it.
 */
export interface WasmDeviceExports {
  /** The window offset the module's code uses for a BAR. */
  barOffset(bar: number): number;
  read8(offset: number): number;
  write8(offset: number, value: number): void;
  read16(offset: number): number;
  write16(offset: number, value: number): void;
  read32(offset: number): number;
  write32(offset: number, value: number): void;
  read64(offset: number): bigint;
  write64(offset: number, value: bigint): void;
}

export interface WasmDeviceModuleOptions {
  /** Name for errors: the plain build's file name, e.g. "edu.wasm". */
  readonly what: string;
  /** BARs the module reaches and where it expects them, checked at construction. */
  readonly bars: readonly WasmBar[];
  /** The build for non-shared windows. */
  readonly plain: URL;
  /** The build for shared windows (a shared memory import). */
  readonly shared: URL;
}

/**
 * One generated module: its name, BARs and two builds, read from disk on first use and kept (a wrapper
 * module declares one at load time; every instance of its class shares the bytes).
 */
export class WasmDeviceModule {
  readonly what: string;
  readonly bars: readonly WasmBar[];
  private readonly files: readonly [plain: URL, shared: URL];
  private readonly cache: [plain?: Uint8Array, shared?: Uint8Array] = [];

  constructor(options: WasmDeviceModuleOptions) {
    this.what = options.what;
    this.bars = options.bars;
    this.files = [options.plain, options.shared];
  }

  /** The build for a shared or a non-shared window. */
  bytes(shared: boolean): Uint8Array {
    const i = shared ? 1 : 0;
    return (this.cache[i] ??= readFileSync(this.files[i]));
  }
}

/**
 * A module instantiated on a device window whose BARs are mapped where the module expects them. The
 * constructor refuses a BAR that is not mapped, mapped short, mapped elsewhere, or a window too small for
 * the layout, naming the module and the BAR and saying where to map it.
 */
export class WasmDevice<E extends WasmDeviceExports = WasmDeviceExports> {
  /** The raw exports: no offset checks, signed i32 results, traps as bare RuntimeErrors. */
  readonly exports: E;

  /** `bars` maps a BAR index to its mapping in `window` (see mapInto), made at the module's `bars[i].offset`. */
  constructor(
    readonly window: DeviceWindow,
    bars: Readonly<Record<number, WindowRegion>>,
    module: WasmDeviceModule,
  ) {
    if (typeof bars !== 'object' || bars === null) {
      throw new TypeError(`${module.what}: bars must map BAR indices to window regions, got ${bars === null ? 'null' : typeof bars}`);
    }
    for (const bar of module.bars) {
      const where = `${module.what}: BAR ${bar.index} (${bar.name})`;
      const fix = `map it with mapInto(window, fd, ${hex(bar.offset)}, ${hex(bar.size)})`;
      if (bar.offset + bar.size > window.size) {
        throw new Error(
          `${where} belongs at window offset ${hex(bar.offset)}, past the end of this ${window.pages}-page window; ` +
            `create the window with at least ${Math.ceil((bar.offset + bar.size) / 65536)} pages`,
        );
      }
      const region = bars[bar.index];
      if (!region) throw new Error(`${where} is not mapped into the window; ${fix}`);
      if (region.offset !== bar.offset) {
        throw new Error(`${where} is mapped at window offset ${hex(region.offset)}, but the module is built to find it at ${hex(bar.offset)}; ${fix}`);
      }
      if (region.size < bar.size) {
        throw new Error(`${where} is mapped with ${region.size} bytes; the spec needs ${bar.size}`);
      }
    }
    const instance = instantiateOnWindow(module.bytes(window.shared), window, { what: module.what });
    // The generated interface E was emitted from the same routine list as the module: the one cast.
    this.exports = instance.exports as unknown as E;
    for (const bar of module.bars) {
      const built = this.exports.barOffset(bar.index) >>> 0;
      if (built !== bar.offset) {
        throw new Error(
          `${module.what}: the module finds BAR ${bar.index} at ${hex(built)} but its wrapper says ${hex(bar.offset)}: the .wasm and the .wasm.ts come from different builds; regenerate both`,
        );
      }
    }
  }

  /** A 8-bit volatile read at a window offset. */
  read8(offset: number): number {
    checkWindowOffset(this.window.size, offset, 1, 1, 'read8', 'offset');
    try {
      return this.exports.read8(offset) >>> 0;
    } catch (e) {
      return rethrowTrap(e, 'read8', `${offset}`);
    }
  }

  /** A 8-bit write at a window offset. */
  write8(offset: number, value: number): void {
    checkWindowOffset(this.window.size, offset, 1, 1, 'write8', 'offset');
    try {
      this.exports.write8(offset, value);
    } catch (e) {
      rethrowTrap(e, 'write8', `${offset}, ${value}`);
    }
  }

  /** A 16-bit volatile read at a window offset. */
  read16(offset: number): number {
    checkWindowOffset(this.window.size, offset, 2, 2, 'read16', 'offset');
    try {
      return this.exports.read16(offset) >>> 0;
    } catch (e) {
      return rethrowTrap(e, 'read16', `${offset}`);
    }
  }

  /** A 16-bit write at a window offset. */
  write16(offset: number, value: number): void {
    checkWindowOffset(this.window.size, offset, 2, 2, 'write16', 'offset');
    try {
      this.exports.write16(offset, value);
    } catch (e) {
      rethrowTrap(e, 'write16', `${offset}, ${value}`);
    }
  }

  /** A 32-bit volatile read at a window offset. */
  read32(offset: number): number {
    checkWindowOffset(this.window.size, offset, 4, 4, 'read32', 'offset');
    try {
      return this.exports.read32(offset) >>> 0;
    } catch (e) {
      return rethrowTrap(e, 'read32', `${offset}`);
    }
  }

  /** A 32-bit write at a window offset. */
  write32(offset: number, value: number): void {
    checkWindowOffset(this.window.size, offset, 4, 4, 'write32', 'offset');
    try {
      this.exports.write32(offset, value);
    } catch (e) {
      rethrowTrap(e, 'write32', `${offset}, ${value}`);
    }
  }

  /** A 64-bit volatile read at a window offset. */
  read64(offset: number): bigint {
    checkWindowOffset(this.window.size, offset, 8, 8, 'read64', 'offset');
    try {
      return BigInt.asUintN(64, this.exports.read64(offset));
    } catch (e) {
      return rethrowTrap(e, 'read64', `${offset}`);
    }
  }

  /** A 64-bit write at a window offset. */
  write64(offset: number, value: bigint): void {
    checkWindowOffset(this.window.size, offset, 8, 8, 'write64', 'offset');
    try {
      this.exports.write64(offset, value);
    } catch (e) {
      rethrowTrap(e, 'write64', `${offset}, ${value}`);
    }
  }
}
