// The window layout a generated module is built for: where each BAR it reaches sits in the device
// window. Fixed at build time, like a peripheral's address in svd2rust, so every non-array register's
// address is a constant in the code: V8 then emits the atomic load with no alignment check and no base
// load, which halves a fixed register's read (bench/README.md). The runtime maps the BARs there.
import type { IrBar, IrDevice } from '../../ir/ir.js';
import { mappedBars } from './sites.js';
import { BackendError } from '../backend.js';
import { hex } from '../../ir/bits.js';

/** Window page 0 holds the module's own data; mappings start above it (runtime/window RESERVED_BYTES). */
export const WINDOW_RESERVED = 0x10000;
/** BARs follow each other on host-page boundaries, as DeviceWindow.place() would put them. */
export const BAR_ALIGN = 0x1000;
/** wasm32 reaches 4 GiB. */
const WINDOW_LIMIT = 2 ** 32;

export interface BarPlacement {
  readonly bar: IrBar;
  /** Byte offset of the BAR in the device window. */
  readonly offset: number;
}

export class LayoutError extends BackendError {
  constructor(detail: string, at: IrBar['at']) {
    // RM0312 (codes.barTooLargeForWasm): back ends do not import the checker.
    super('RM0312', detail, at);
    this.name = 'LayoutError';
  }
}

/**
 * The BARs with registers in index order, the first at WINDOW_RESERVED and each next one at the first
 * BAR_ALIGN boundary after the one before: the offsets DeviceWindow.place() hands out when a driver maps
 * these BARs first, in order.
 */
export function windowLayout(device: IrDevice): BarPlacement[] {
  const out: BarPlacement[] = [];
  let at = WINDOW_RESERVED;
  for (const bar of [...mappedBars(device)].sort((a, b) => a.index - b.index)) {
    if (at + bar.size > WINDOW_LIMIT) {
      throw new LayoutError(
        `BAR ${bar.index} (${bar.name}) of ${device.name} does not fit a 4 GiB wasm32 device window ` +
          `after ${out.length ? 'the BARs before it' : 'the reserved first page'} (it would end at ${hex(at + bar.size)}); build without --emit wasm for this device`,
        bar.at,
      );
    }
    out.push({ bar, offset: at });
    at = Math.ceil((at + bar.size) / BAR_ALIGN) * BAR_ALIGN;
  }
  return out;
}
