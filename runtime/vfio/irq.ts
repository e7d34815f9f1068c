// VFIO interrupts: one eventfd per vector bound with VFIO_DEVICE_SET_IRQS. Mode choice: MSI-X, then MSI,
// then INTx (unless asked for one). INTx is masked by the kernel after each interrupt; arming unmasks it.
import * as abi from './abi.js';
import type { VfioDevice } from './device.js';
import { IrqDispatcher } from '../irq/dispatcher.js';
import { EventfdChannel } from '../irq/eventfd-channel.js';

export type IrqModeRequest = 'auto' | 'msix' | 'msi' | 'intx' | 'none';

const indexOf = { intx: abi.VFIO_PCI_INTX_IRQ_INDEX, msi: abi.VFIO_PCI_MSI_IRQ_INDEX, msix: abi.VFIO_PCI_MSIX_IRQ_INDEX } as const;

export interface VfioIrq {
  readonly dispatcher: IrqDispatcher | undefined;
  /** Why this mode (for the device description). */
  readonly reason: string;
  /** Unbinds the eventfds in the kernel and closes the dispatcher (`lost`: the device is gone; waits reject with it). */
  close(lost?: Error): void;
}

/** The mode to use given what the device offers; throws when an explicit request cannot be met. */
export function chooseIrqMode(counts: { intx: number; msi: number; msix: number }, request: IrqModeRequest): 'intx' | 'msi' | 'msix' | 'none' {
  if (request === 'none') return 'none';
  if (request !== 'auto') {
    if (counts[request] === 0) throw new Error(`the device offers no ${request.toUpperCase()} vectors (INTx ${counts.intx}, MSI ${counts.msi}, MSI-X ${counts.msix})`);
    return request;
  }
  return counts.msix > 0 ? 'msix' : counts.msi > 0 ? 'msi' : counts.intx > 0 ? 'intx' : 'none';
}

export function setupVfioIrq(dev: VfioDevice, request: IrqModeRequest = 'auto'): VfioIrq {
  const count = (i: number) => {
    if (i >= dev.info.numIrqs) return 0;
    const info = dev.irqInfo(i);
    return info.eventfd ? info.count : 0;
  };
  const counts = { intx: count(abi.VFIO_PCI_INTX_IRQ_INDEX), msi: count(abi.VFIO_PCI_MSI_IRQ_INDEX), msix: count(abi.VFIO_PCI_MSIX_IRQ_INDEX) };
  const mode = chooseIrqMode(counts, request);
  if (mode === 'none') return { dispatcher: undefined, reason: `no interrupts (INTx ${counts.intx}, MSI ${counts.msi}, MSI-X ${counts.msix})`, close() {} };
  const index = indexOf[mode];
  const unmask = abi.encodeIrqSetNone(index, abi.VFIO_IRQ_SET_ACTION_UNMASK, 0, 1);
  const channels = Array.from({ length: counts[mode] }, (_, v) =>
    new EventfdChannel(v, `${dev.bdf} ${mode} vector ${v} eventfd`, mode === 'intx' ? () => dev.setIrqs(unmask, 'INTx UNMASK') : undefined),
  );
  const label = `${dev.bdf} (VFIO ${mode})`;
  try {
    dev.setIrqs(abi.encodeIrqSetEventfds(index, 0, channels.map((c) => c.fd)), `${mode} eventfds`);
  } catch (error) {
    for (const c of channels) c.close();
    throw error;
  }
  const dispatcher = new IrqDispatcher(mode, channels, label);
  return {
    dispatcher,
    reason: `${mode === 'msix' ? 'MSI-X' : mode.toUpperCase()} with ${channels.length} vector${channels.length === 1 ? '' : 's'}${request === 'auto' ? ' (best offered)' : ''}`,
    close(lost?: Error) {
      if (!dev.closed && !lost) {
        try {
          dev.setIrqs(abi.encodeIrqSetNone(index, abi.VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0), `${mode} disable`);
        } catch {
          // closing the device fd disables them anyway
        }
      }
      dispatcher.close(lost);
    },
  };
}
