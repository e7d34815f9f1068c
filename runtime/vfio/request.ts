// VFIO's request interrupt (VFIO_PCI_REQ_IRQ_INDEX, linux/vfio.h): vfio-pci signals this eventfd when
// the kernel wants the device back — a hot-unplug, `echo 1 > …/remove`, or an unbind — and then blocks
// the removal until every device fd (and every mmap of it) is released, re-sending the request every 10 s
// (vfio_pci_core_request). Watching it is what lets a removal complete while the driver runs.
import * as libc from '../ffi/libc.js';
import { EFD_CLOEXEC, EFD_NONBLOCK } from '../ffi/constants.js';
import * as abi from './abi.js';
import type { VfioDevice } from './device.js';
import { FdReader } from '../irq/fd-reader.js';

export interface RequestWatch {
  /** Why there is no watch (the device or kernel offers no request interrupt), or undefined. */
  readonly missing?: string;
  close(): void;
}

/** Binds an eventfd to the request interrupt; `onRequest` runs on the main loop when the kernel asks. */
export function watchVfioRequest(dev: VfioDevice, onRequest: () => void): RequestWatch {
  const info = dev.info.numIrqs > abi.VFIO_PCI_REQ_IRQ_INDEX ? dev.irqInfo(abi.VFIO_PCI_REQ_IRQ_INDEX) : undefined;
  if (!info || info.count === 0 || !info.eventfd) return { missing: `${dev.bdf} offers no VFIO request interrupt`, close() {} };
  const label = `${dev.bdf} VFIO request eventfd`;
  const fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  let reader: FdReader;
  try {
    // Owns fd from here on. A background watch: it must not keep the process alive.
    reader = new FdReader({ fd, size: 8, label, keepAlive: false, onRecord: () => onRequest(), onError: () => {} });
  } catch (error) {
    libc.close(fd, label);
    throw error;
  }
  try {
    dev.setIrqs(abi.encodeIrqSetEventfds(abi.VFIO_PCI_REQ_IRQ_INDEX, 0, [fd]), 'request eventfd');
    reader.start();
  } catch (error) {
    reader.close();
    throw error;
  }
  return {
    close() {
      if (!dev.closed) {
        try {
          dev.setIrqs(abi.encodeIrqSetNone(abi.VFIO_PCI_REQ_IRQ_INDEX, abi.VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0), 'request disable');
        } catch {
          // closing the device fd unbinds it anyway
        }
      }
      reader.close();
    },
  };
}
