// Opens what `regmill dump` reads from: the simulated device, or real memory through the runtime's
// mappings. The runtime (and ffi-rs) is imported only when a real source is used.
import type { IrBar, IrDevice } from '../../../ir/ir.js';
import type { Mmio } from '../../../../runtime/registers/mmio.js';

export type DumpSource =
  | { readonly kind: 'sim' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'uio'; readonly selector: number | string }
  | { readonly kind: 'vfio'; readonly bdf: string }
  | { readonly kind: 'resource'; readonly bdf: string };

export interface DumpTarget {
  readonly description: string;
  bar(index: number): Mmio;
  close(): void;
}

/** QEMU's edu (1234:11e8) gets its behaviour model on the simulator. */
function isEdu(device: IrDevice): boolean {
  return device.pci?.vendor === 0x1234 && device.pci.device === 0x11e8;
}

interface Mapped {
  readonly label: string;
  readonly mmio: Mmio;
  close(): void;
}

function fromMappings(kind: string, mappings: ReadonlyMap<number, Mapped>): DumpTarget {
  return {
    description: `${kind}: ${[...mappings.values()].map((m) => m.label).join(', ')}`,
    bar(index) {
      const m = mappings.get(index);
      if (!m) throw new Error(`BAR ${index} is not mapped`);
      return m.mmio;
    },
    close() {
      for (const m of mappings.values()) m.close();
    },
  };
}

/** Maps each BAR with `map`; on failure unmaps what was already mapped. */
async function mapEach(kind: string, bars: readonly IrBar[], map: (bar: IrBar) => Mapped): Promise<DumpTarget> {
  const done = new Map<number, Mapped>();
  try {
    for (const bar of bars) done.set(bar.index, map(bar));
  } catch (e) {
    for (const m of done.values()) m.close();
    throw e;
  }
  return fromMappings(kind, done);
}

export async function openDumpSource(source: DumpSource, device: IrDevice, bars: readonly IrBar[]): Promise<DumpTarget> {
  switch (source.kind) {
    case 'sim': {
      const { createSimDevice } = await import('../../../../runtime/sim/index.js');
      const sim = createSimDevice(device);
      if (isEdu(device)) (await import('../../../../runtime/sim/models/edu.js')).attachEduModel(sim);
      return sim;
    }
    case 'file': {
      if (bars.length !== 1) throw new Error(`--file maps one BAR; pick it with --bar (BARs with registers: ${bars.map((b) => b.index).join(', ')})`);
      const { mapFile } = await import('../../../../runtime/mappings/file.js');
      return mapEach('file', bars, (bar) => mapFile(source.path, { bar: bar.index, size: bar.size }));
    }
    case 'uio': {
      const { findUio } = await import('../../../../runtime/mappings/uio-sysfs.js');
      const { mapUio } = await import('../../../../runtime/mappings/uio.js');
      const dev = findUio(source.selector);
      return mapEach('UIO', bars, (bar) => mapUio(dev, bar.index, bar.size));
    }
    case 'resource': {
      const { mapResource } = await import('../../../../runtime/mappings/resource.js');
      return mapEach('sysfs resource', bars, (bar) => mapResource(source.bdf, bar.index, bar.size));
    }
    case 'vfio':
      throw Object.assign(new Error('--vfio is not available yet in this build (the VFIO device facade, runtime/open.ts, has not landed); use --uio or --resource'), { code: 'ENOTSUP' });
  }
}
