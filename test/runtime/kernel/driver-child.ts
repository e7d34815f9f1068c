// A driver process for device-lifecycle.guest.ts: opens edu through the backend named in argv, enables
// it (memory decoding + bus mastering, as openDevice does), says "ready" and idles until a signal.
import { openDevice } from '../../../runtime/index.js';
import { EduRegs } from '../../../generated/edu/edu.js';
import { EDU } from './edu-driver.js';

const [backend, bdf, extra] = process.argv.slice(2) as ['resource' | 'uio' | 'vfio', string, string | undefined];
const source = backend === 'resource' ? { resource: bdf } : backend === 'uio' ? { uio: bdf } : { vfio: bdf };
const dev = openDevice(source, { bars: { 0: EDU.bar0 } });
new EduRegs(dev.bar(0)).ident.read();
// 'dma': one pinned, IOMMU-mapped buffer too (locked memory: the memlock limit applies to non-root).
const dma = extra === 'dma' ? ` dma 0x${dev.dma.alloc(4096).deviceAddress.toString(16)}` : '';
console.log(`ready uid ${process.getuid?.()}${dma} ${dev.description}`);
setInterval(() => {}, 1000);
