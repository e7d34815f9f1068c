// The UIO interrupt of a device as a dispatcher (one INTx vector).
import path from 'node:path';
import * as libc from '../ffi/libc.js';
import { O_NONBLOCK } from '../ffi/constants.js';
import { openSysfsConfig } from '../mappings/resource.js';
import type { UioDevice } from '../mappings/uio-sysfs.js';
import { openUioNode } from '../mappings/uio.js';
import type { ConfigSpace } from '../pci/config-space.js';
import type { HostRoots } from '../pci/roots.js';
import { IrqDispatcher } from './dispatcher.js';
import { UioChannel, irqcontrolWriter, readUioEventTotal, uioRearm } from './uio-channel.js';

export function setupUioIrq(dev: UioDevice, roots?: HostRoots): IrqDispatcher {
  // A second fd, non-blocking, so the dispatcher's read after poll can never stall the event loop.
  const fd = openUioNode(dev, O_NONBLOCK);
  let cfg: ConfigSpace | undefined;
  const config = dev.pciAddress ? () => (cfg = openSysfsConfig(dev.pciAddress!, roots)) : undefined;
  const channel = new UioChannel({
    fd,
    label: dev.devPath,
    baseline: readUioEventTotal(path.join(dev.sysPath, 'event')),
    rearm: uioRearm(irqcontrolWriter(fd), dev.devPath, config),
    onClose: () => {
      if (cfg) libc.close(cfg.fd, cfg.label);
    },
  });
  return new IrqDispatcher('intx', [channel], `uio${dev.index} (${dev.name})`);
}
