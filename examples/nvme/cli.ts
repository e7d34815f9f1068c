// npm run nvme -- <command> [<BDF> | --sim] [options]: the NVMe driver of examples/nvme/ from the shell.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Device } from '../../runtime/device-types.js';
import { NvmeRegs } from '../../generated/nvme/nvme.js';
import { NvmeDriver } from './controller.js';

const HELP = `usage: npm run nvme -- <command> (<BDF> | --sim) [options]

commands:
  identify                 controller model, serial, firmware, version; namespace 1 LBA size and capacity
  read <lba> <count>       read <count> blocks of namespace 1 from <lba>; hex dump (or --out FILE)
  write <lba> <count>      write <count> blocks of namespace 1 at <lba> from --in FILE (or a byte pattern)

device:
  <BDF>                    a controller bound to vfio-pci (e.g. 0000:00:04.0); IOVAs under an IOMMU
  --sim                    the simulated NVMe 1.4 controller (runtime/sim/models/nvme.ts)
options:
  --dstrd N                simulated CAP.DSTRD (default 0)
  --interrupts             complete by MSI-X interrupt instead of polling
  --wasm                   submit and reap with the generated wasm routines (default: the generated TypeScript rings)
  --depth N                queue depth (checked against CAP.MQES + 1; default min(64, MQES + 1))
  --in FILE / --out FILE   data for write / destination for read
  -h, --help               this text`;

async function open(bdf: string | undefined, sim: boolean, dstrd: number): Promise<Device> {
  if (sim) {
    const { createNvmeSim } = await import('./sim.js');
    return createNvmeSim({ dstrd }).sim;
  }
  if (!bdf) throw new Error('give a PCI address (BDF) of a controller bound to vfio-pci, or --sim');
  const { openDevice } = await import('../../runtime/open-device.js');
  return openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
}

function int(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${text ?? 'nothing'}`);
  return n;
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sim: { type: 'boolean' },
      dstrd: { type: 'string' },
      interrupts: { type: 'boolean' },
      wasm: { type: 'boolean' },
      depth: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    out(HELP);
    return values.help ? 0 : 2;
  }
  const [command, ...rest] = positionals;
  if (!['identify', 'read', 'write'].includes(command!)) throw new Error(`unknown command '${command}' (identify, read, write; see --help)`);
  const bdf = values.sim ? undefined : rest.shift();
  const args = rest;
  const lba = command === 'identify' ? 0 : int(args[0], '<lba>');
  const count = command === 'identify' ? 0 : int(args[1], '<count>');
  const device = await open(bdf, values.sim ?? false, values.dstrd === undefined ? 0 : int(values.dstrd, '--dstrd'));
  const drv = new NvmeDriver(device, { interrupts: values.interrupts ?? false, engine: values.wasm ? 'wasm' : 'ts', ...(values.depth ? { queueDepth: int(values.depth, '--depth') } : {}) });
  try {
    await drv.enable();
    const ns = await drv.identifyNamespace(1);
    if (command === 'identify') {
      const id = await drv.identifyController();
      out(`model:     ${id.model}`);
      out(`serial:    ${id.serial}`);
      out(`firmware:  ${id.firmware}`);
      out(`version:   NVMe ${id.version}`);
      out(`namespaces: ${id.namespaces}`);
      out(`namespace 1: ${ns.blocks} blocks of ${ns.lbaSize} bytes (${Number(ns.blocks) * ns.lbaSize} bytes)`);
      out(`doorbell stride: ${4 << drv.dstrd} bytes (CAP.DSTRD ${drv.dstrd}); max transfer ${id.maxTransfer || 'unlimited'} bytes`);
    } else {
      await drv.setNumberOfQueues(1);
      await drv.createIoQueuePair(1);
      if (command === 'read') {
        const data = await drv.read(1, 1, BigInt(lba), count, ns.lbaSize);
        if (values.out) (await import('node:fs')).writeFileSync(values.out, data);
        else for (let i = 0; i < data.length; i += 16) out(`${(lba * ns.lbaSize + i).toString(16).padStart(8, '0')}  ${Buffer.from(data.subarray(i, i + 16)).toString('hex').replace(/(..)/g, '$1 ').trim()}`);
      } else {
        const data = values.in ? new Uint8Array((await import('node:fs')).readFileSync(values.in)) : Uint8Array.from({ length: count * ns.lbaSize }, (_, i) => (lba + i) & 0xff);
        if (data.length !== count * ns.lbaSize) throw new Error(`--in has ${data.length} bytes; ${count} blocks need ${count * ns.lbaSize}`);
        await drv.write(1, 1, BigInt(lba), data, ns.lbaSize);
        await drv.flush(1, 1);
        out(`wrote ${count} blocks at LBA ${lba}`);
      }
    }
    await drv.shutdown();
    return 0;
  } finally {
    drv.close();
    device.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `… | head` closes the pipe early: stop quietly (the device is closed by the exit path below).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exitCode = 0;
    else throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(`nvme: error: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
