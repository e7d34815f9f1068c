// Opens what `regmill dump` reads from: the simulated device, or a real device through the runtime's
// openDevice(). The runtime (and ffi-rs) is imported only when a real source is used.
import type { IrBar, IrDevice } from '../../../compiler/ir/ir.js';
import type { Mmio } from '../../../runtime/registers/mmio.js';

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

export async function openDumpSource(source: DumpSource, device: IrDevice, bars: readonly IrBar[]): Promise<DumpTarget> {
  switch (source.kind) {
    case 'sim': {
      const { createSimDevice } = await import('../../../runtime/sim/index.js');
      const sim = createSimDevice(device);
      if (isEdu(device)) (await import('../../../runtime/sim/models/edu.js')).attachEduModel(sim);
      return sim;
    }
    default: {
      if (source.kind === 'file' && bars.length !== 1) {
        throw new Error(`--file maps one BAR; pick it with --bar (BARs with registers: ${bars.map((b) => b.index).join(', ')})`);
      }
      const { openDevice } = await import('../../../runtime/open-device.js');
      const where =
        source.kind === 'file' ? { file: source.path } : source.kind === 'uio' ? { uio: source.selector } : source.kind === 'vfio' ? { vfio: source.bdf } : { resource: source.bdf };
      // A dump only reads: it leaves PCI_COMMAND as it is and asks for no interrupts.
      return openDevice(where, { bars: Object.fromEntries(bars.map((b) => [b.index, b.size])), enable: false, irq: 'none' });
    }
  }
}
