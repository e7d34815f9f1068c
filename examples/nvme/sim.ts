// The simulated NVMe controller for the driver, its tests and `npm run nvme -- … --sim`: the IR of
// specs/nvme.regs (generated/nvme/nvme.ir.json) behind the generic sim, plus runtime/sim/models/nvme.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IrDevice, IrSpec } from '../../compiler/ir/ir.js';
import { createSimDevice, type SimDevice } from '../../runtime/sim/index.js';
import { attachNvmeModel, type NvmeModel, type NvmeModelOptions } from '../../runtime/sim/models/nvme.js';

export function nvmeIr(): IrDevice {
  const file = fileURLToPath(new URL('../../generated/nvme/nvme.ir.json', import.meta.url));
  const ir = JSON.parse(readFileSync(file, 'utf8')) as IrSpec;
  const d = ir.devices.find((x) => x.name === 'nvme');
  if (!d) throw new Error(`${file}: no device 'nvme' (run npm run gen)`);
  return d;
}

export function createNvmeSim(options: NvmeModelOptions = {}): { sim: SimDevice; model: NvmeModel } {
  // The spec declares the 65 MSI-X vectors (QEMU's default: one per CQ, the admin CQ on vector 0) as
  // the message vectors of cause completion.cq (`ring cq`).
  const sim = createSimDevice(nvmeIr());
  return { sim, model: attachNvmeModel(sim, options) };
}
