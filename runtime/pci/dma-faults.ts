// IOMMU faults for one PCI device, read from the kernel log. A DMA the IOMMU refuses (an IOVA that is not
// mapped, or mapped without that direction) never reaches memory, and VFIO type1 does not tell userspace;
// the device may even complete the command as if it had worked (QEMU 7.2's nvme does). The kernel's
// VT-d driver logs each fault ("DMAR: [DMA Write NO_PASID] Request device [00:08.0] fault addr 0x104000
// [fault reason 0x05] PTE Write access is not set", drivers/iommu/intel/dmar.c), so a driver that must not
// lose data silently can check this log after its commands: watchDmaFaults(bdf).take().
// Costs one read(2) per call when nothing is new: for tests and careful paths, not per command in a
// benchmark. The fault is logged from the IOMMU's fault interrupt, which a device raises before it posts
// the completion it was working on, so on one CPU the record is there once the completion is.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { SysError } from '../ffi/sys-error.js';
import { normalizeBdf } from './roots.js';

export interface DmaFault {
  /** 'read' / 'write' as the IOMMU saw it: a device write is a transfer into host memory. */
  readonly access: 'read' | 'write';
  readonly address: bigint;
  readonly reason: string;
  /** The kernel's log line. */
  readonly line: string;
}

export interface DmaFaultWatch {
  /** Faults for the device logged since the watch started or the last take(). */
  take(): DmaFault[];
  close(): void;
}

const KMSG = '/dev/kmsg';
// 6.x: "… Request device [00:08.0] fault addr 0x104000 [fault reason 0x05] …"; 5.x kernels put a PASID
// before the address and print both numbers in hex without 0x.
const faultLine = /DMAR: \[DMA (Read|Write)[^\]]*\] Request device \[([0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\] (?:PASID \S+ )?fault addr (?:0x)?([0-9a-f]+) \[fault reason (?:0x)?([0-9a-f]+)\] ?(.*)$/i;

/** Parses one kernel log line; undefined unless it is a DMAR fault of device `devfn` ("bb:dd.f"). */
export function parseDmaFault(line: string, busDevFn: string): DmaFault | undefined {
  const m = faultLine.exec(line);
  if (!m || m[2]!.toLowerCase() !== busDevFn.toLowerCase()) return undefined;
  return { access: m[1]!.toLowerCase() as 'read' | 'write', address: BigInt(`0x${m[3]}`), reason: `0x${m[4]}${m[5] ? `: ${m[5].trim()}` : ''}`, line: line.trim() };
}

/** Starts watching: older log records are skipped, so only faults from now on are reported. */
export function watchDmaFaults(bdf: string): DmaFaultWatch {
  const full = normalizeBdf(bdf);
  // The log names the device without its PCI domain (bus:dev.fn).
  const busDevFn = full.slice(full.indexOf(':') + 1);
  let fd: number;
  try {
    fd = openSync(KMSG, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SysError({ syscall: 'open', errno: Math.abs(err.errno ?? 0), path: KMSG, text: err.message, hint: 'reading IOMMU faults needs the kernel log: run as root, or set sysctl kernel.dmesg_restrict=0' });
  }
  // One record per read(2); a record is at most ~8 KiB (CONSOLE_EXT_LOG_MAX).
  const buf = Buffer.alloc(8192);
  const records = (): string[] => {
    const out: string[] = [];
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return out;
        if (code === 'EPIPE') continue; // records were overwritten before we read them: go on with the next
        throw e;
      }
      if (n === 0) return out;
      // "prio,seq,usec,flags;message\n" then optional " KEY=value\n" dictionary lines
      const text = buf.toString('utf8', 0, n);
      out.push(text.slice(text.indexOf(';') + 1).split('\n', 1)[0]!);
    }
  };
  records();
  let closed = false;
  return {
    take() {
      if (closed) throw new Error(`DMA fault watch for ${full} is closed`);
      return records().flatMap((r) => parseDmaFault(r, busDevFn) ?? []);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
