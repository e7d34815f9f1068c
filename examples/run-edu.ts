// Runs examples/edu-driver.ts on a real edu or on the simulator:
//   node --import tsx examples/run-edu.ts --uio 0            (uio_pci_generic; root)
//   node --import tsx examples/run-edu.ts --vfio 0000:00:04.0 (vfio-pci; root or /dev/vfio access)
//   node --import tsx examples/run-edu.ts --sim              (no hardware)
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Device } from '../runtime/device-types.js';
import { EduRegs } from '../generated/edu/edu.js';
import { runEduDriver } from './edu-driver.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function open(values: { uio?: string; vfio?: string; sim?: boolean }): Promise<Device> {
  if (values.sim) {
    const { compile } = await import('../compiler/index.js');
    const { createSimDevice } = await import('../runtime/sim/index.js');
    const { attachEduModel } = await import('../runtime/sim/models/edu.js');
    const r = await compile({ path: path.join(root, 'specs/edu.regs') }, { emit: [] });
    const ir = r.ir?.devices.find((d) => d.name === 'edu');
    if (!ir) throw new Error(`specs/edu.regs does not compile:\n${r.format()}`);
    const sim = createSimDevice(ir);
    attachEduModel(sim);
    return sim;
  }
  const { openDevice } = await import('../runtime/open-device.js');
  const bars = { 0: EduRegs.size };
  if (values.uio !== undefined) return openDevice({ uio: /^\d+$/.test(values.uio) ? Number(values.uio) : values.uio }, { bars });
  if (values.vfio !== undefined) return openDevice({ vfio: values.vfio }, { bars });
  throw new Error('give --uio N, --vfio <BDF> or --sim');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { uio: { type: 'string' }, vfio: { type: 'string' }, sim: { type: 'boolean' } } });
  const device = await open(values);
  try {
    await runEduDriver(device, { log: (line) => console.log(line) });
    return 0;
  } finally {
    device.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`run-edu: error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
