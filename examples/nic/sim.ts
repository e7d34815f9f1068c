// Simulated e1000e ports for the driver, its tests and `npm run nic -- … --sim`: the IR of
// specs/e1000e.regs (generated/e1000e/e1000e.ir.json) behind the generic sim, plus the packet I/O model
// runtime/sim/models/e1000e.ts, and wires joining ports like a QEMU hub.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IrDevice, IrSpec } from '../../compiler/ir/ir.js';
import { createSimDevice, type SimDevice } from '../../runtime/sim/index.js';
import { attachE1000eModel, SimWire, type E1000eModel } from '../../runtime/sim/models/e1000e.js';

export { SimWire };

let cached: IrDevice | undefined;

export function e1000eIr(): IrDevice {
  if (cached) return cached;
  const file = fileURLToPath(new URL('../../generated/e1000e/e1000e.ir.json', import.meta.url));
  const ir = JSON.parse(readFileSync(file, 'utf8')) as IrSpec;
  const d = ir.devices.find((x) => x.name === 'e1000e');
  if (!d) throw new Error(`${file}: no device 'e1000e' (run npm run gen)`);
  return (cached = d);
}

export interface SimPort {
  readonly sim: SimDevice;
  readonly model: E1000eModel;
}

/** One simulated port with MAC 52:54:00:12:34:(0x56 + index), plugged into `wire` when given. */
export function createE1000eSim(index = 0, wire?: SimWire): SimPort {
  // Each port's DMA addresses start elsewhere, so a driver that mixes up two ports' buffers faults.
  const sim = createSimDevice(e1000eIr(), { dmaBase: 0x1_0000_0000n * BigInt(index + 1) });
  const model = attachE1000eModel(sim, { mac: Uint8Array.of(0x52, 0x54, 0x00, 0x12, 0x34, (0x56 + index) & 0xff) });
  wire?.attach(model);
  return { sim, model };
}
