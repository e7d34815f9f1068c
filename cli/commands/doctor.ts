// `regmill doctor [BDF]`: checks this host for what the UIO/VFIO runtime needs and prints one
// OK/WARN/FAIL line per check with the fix. Reads only; runs without root and says what it could not check.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, CliIO } from '../command.js';
import { listPciDevices, readPciDevice, groupMembers, hex4, type PciDevice } from '../../runtime/pci/sysfs.js';
import { bindCommands, noIommuAdvice } from '../../runtime/pci/advice.js';
import { isBdf, normalizeBdf, resolveRoots, type HostRoots, type ResolvedRoots } from '../../runtime/pci/roots.js';
import { abandonedBusMasters } from '../../runtime/pci/abandoned.js';

export type Level = 'OK' | 'WARN' | 'FAIL';

export interface Finding {
  readonly level: Level;
  readonly check: string;
  readonly detail: string;
  readonly fix?: string;
}

export interface DoctorHost extends HostRoots {
  /** Effective uid (default: this process's). */
  readonly uid?: number;
}

const usage = `Usage: regmill doctor [BDF]

Checks this host for running userspace drivers: IOMMU groups, kernel command line, vfio/uio modules,
no-IOMMU mode, /dev/vfio permissions, memlock limit (for DMA), devices left with bus mastering on and
no driver (a killed driver), hugepages, and — given a PCI address such as
0000:00:04.0 — that device's driver, IOMMU group and what to run to hand it to vfio-pci or uio_pci_generic.
Prints OK/WARN/FAIL per check, with the fix. Exit code 1 when a check FAILs. Root is not needed.`;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function canReadWrite(file: string): boolean {
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const ok = (check: string, detail: string): Finding => ({ level: 'OK', check, detail });
const warn = (check: string, detail: string, fix?: string): Finding => ({ level: 'WARN', check, detail, ...(fix ? { fix } : {}) });
const fail = (check: string, detail: string, fix?: string): Finding => ({ level: 'FAIL', check, detail, ...(fix ? { fix } : {}) });

function moduleLoaded(r: ResolvedRoots, name: string): boolean {
  return existsSync(path.join(r.sysfsRoot, 'module', name));
}

function hostChecks(r: ResolvedRoots, uid: number): Finding[] {
  const out: Finding[] = [];
  out.push(uid === 0 ? ok('privileges', 'running as root') : warn('privileges', `running as uid ${uid}: binding drivers, writing config space, UIO and physical DMA addresses need root; VFIO works without root given /dev/vfio access`, 'run `sudo regmill doctor` to check everything'));

  const groupsDir = path.join(r.sysfsRoot, 'kernel/iommu_groups');
  const groups = existsSync(groupsDir) ? readdirSync(groupsDir) : [];
  out.push(groups.length > 0 ? ok('IOMMU', `${groups.length} IOMMU group${groups.length === 1 ? '' : 's'} in ${groupsDir}: VFIO type1 (IOVA DMA) is possible`) : warn('IOMMU', `no IOMMU groups in ${groupsDir}: VFIO type1 is unavailable`, 'enable VT-d/AMD-Vi in the firmware and add `intel_iommu=on` (Intel) or `amd_iommu=on` (AMD) to the kernel command line; or use UIO / VFIO no-IOMMU'));

  const cmdline = read(path.join(r.procRoot, 'cmdline'));
  if (cmdline === undefined) out.push(warn('kernel command line', `could not read ${path.join(r.procRoot, 'cmdline')}`));
  else {
    const flags = cmdline.trim().split(/\s+/).filter((w) => /iommu|vfio|uio/.test(w));
    out.push(flags.length > 0 ? ok('kernel command line', flags.join(' ')) : groups.length > 0 ? ok('kernel command line', 'no IOMMU/VFIO options (the IOMMU is on by default here)') : warn('kernel command line', 'no IOMMU options', 'add `intel_iommu=on` or `amd_iommu=on` (and `iommu=pt` for host performance), then reboot'));
  }

  const vfioLoaded = moduleLoaded(r, 'vfio_pci') || existsSync(path.join(r.sysfsRoot, 'bus/pci/drivers/vfio-pci'));
  out.push(vfioLoaded ? ok('vfio-pci', 'module loaded') : warn('vfio-pci', 'module not loaded', 'modprobe vfio-pci'));
  if (vfioLoaded || moduleLoaded(r, 'vfio')) {
    out.push(moduleLoaded(r, 'vfio_iommu_type1') ? ok('vfio_iommu_type1', 'module loaded') : warn('vfio_iommu_type1', 'module not loaded (needed for IOMMU-backed DMA)', 'modprobe vfio_iommu_type1'));
  }
  const uioLoaded = moduleLoaded(r, 'uio_pci_generic') || existsSync(path.join(r.sysfsRoot, 'bus/pci/drivers/uio_pci_generic'));
  out.push(uioLoaded ? ok('uio_pci_generic', 'module loaded') : warn('uio_pci_generic', 'module not loaded (only needed for the UIO backend)', 'modprobe uio_pci_generic'));

  const noiommu = read(path.join(r.sysfsRoot, 'module/vfio/parameters/enable_unsafe_noiommu_mode'));
  if (noiommu === undefined) {
    if (moduleLoaded(r, 'vfio')) out.push(ok('no-IOMMU mode', 'not available (kernel built without CONFIG_VFIO_NOIOMMU); fine when an IOMMU is present'));
  } else if (/^[Y1]/.test(noiommu.trim())) {
    out.push(warn('no-IOMMU mode', 'enabled: VFIO without DMA isolation (a device can write any memory); DMA uses physical addresses and needs root', groups.length > 0 ? 'with an IOMMU present, turn it off: `echo N > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode`' : undefined));
  } else {
    out.push(ok('no-IOMMU mode', `off${groups.length === 0 ? ' (without an IOMMU, VFIO needs it: `echo Y > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode`)' : ''}`));
  }

  const vfioDev = path.join(r.devRoot, 'vfio');
  if (!existsSync(vfioDev)) {
    out.push(vfioLoaded ? warn('/dev/vfio', `${vfioDev} does not exist`, 'is devtmpfs/udev running? `modprobe vfio`') : warn('/dev/vfio', `${vfioDev} does not exist (vfio not loaded)`, 'modprobe vfio-pci'));
  } else {
    const nodes = readdirSync(vfioDev).filter((n) => n !== 'vfio');
    const denied = nodes.filter((n) => !canReadWrite(path.join(vfioDev, n)));
    const container = canReadWrite(path.join(vfioDev, 'vfio'));
    if (!container) out.push(fail('/dev/vfio', `no read/write access to ${path.join(vfioDev, 'vfio')}`, 'run as root or give your group access (udev: SUBSYSTEM=="vfio", GROUP="<yours>", MODE="0660")'));
    else if (denied.length > 0) out.push(warn('/dev/vfio', `no read/write access to group node${denied.length === 1 ? '' : 's'} ${denied.join(', ')}`, 'chown the group node to your user or add a udev rule (SUBSYSTEM=="vfio", GROUP="<yours>", MODE="0660")'));
    else out.push(ok('/dev/vfio', `container and ${nodes.length} group node${nodes.length === 1 ? '' : 's'} accessible${nodes.length ? `: ${nodes.join(', ')}` : ''}`));
  }

  const limits = read(path.join(r.procRoot, 'self/limits'));
  const m = limits && /^Max locked memory\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!m) out.push(warn('memlock limit', 'could not read it'));
  else {
    const soft = m[1]!;
    const bytes = soft === 'unlimited' ? Infinity : Number(soft);
    if (uid === 0) out.push(ok('memlock limit', `${soft === 'unlimited' ? 'unlimited' : `${bytes >> 10} KiB`} (root may lock beyond it)`));
    else if (bytes >= 64 * 1024 * 1024) out.push(ok('memlock limit', soft === 'unlimited' ? 'unlimited' : `${bytes >> 20} MiB`));
    else out.push(warn('memlock limit', `${bytes >> 10} KiB: DMA buffers and VFIO mappings beyond it fail with ENOMEM`, 'raise it: `ulimit -l unlimited` (limits.conf `memlock`, or LimitMEMLOCK=infinity for a service)'));
  }

  const meminfo = read(path.join(r.procRoot, 'meminfo')) ?? '';
  const total = Number(/HugePages_Total:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  const free = Number(/HugePages_Free:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  const size = /Hugepagesize:\s+(\d+ kB)/.exec(meminfo)?.[1] ?? '2048 kB';
  const left = abandonedBusMasters(r);
  out.push(
    left.length === 0
      ? ok('abandoned devices', 'no device without a driver has bus mastering on')
      : warn('abandoned devices', `${left.map((a) => `${a.device.bdf} (PCI_COMMAND 0x${a.command.toString(16).padStart(4, '0')})`).join(', ')}: bus mastering on and no driver bound — left by a killed userspace driver? It can still DMA into reused memory`, left.map((a) => a.fix).join('; ')),
  );
  out.push(total > 0 ? ok('hugepages', `${free} of ${total} × ${size} free`) : warn('hugepages', `none reserved: DMA buffers use 4 KiB pages (physically contiguous only within a page without an IOMMU)`, 'echo 64 > /proc/sys/vm/nr_hugepages'));
  return out;
}

function describe(d: PciDevice): string {
  return `${d.bdf} ${hex4(d.vendor)}:${hex4(d.device)} driver ${d.driver ?? '(none)'}`;
}

function deviceChecks(r: ResolvedRoots, bdf: string, uid: number, roots: HostRoots): Finding[] {
  const d = readPciDevice(bdf, roots);
  if (!d) {
    const known = listPciDevices(roots).map((x) => x.bdf);
    return [fail('device', `no PCI device ${bdf}`, `pick one of: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''} (\`lspci -D\`)`)];
  }
  const out: Finding[] = [ok('device', describe(d))];
  if (d.driver === 'vfio-pci' || d.driver === 'uio_pci_generic') out.push(ok('driver', `${d.driver}: ready for the ${d.driver === 'vfio-pci' ? 'vfio' : 'uio'} backend`));
  else out.push(warn('driver', `${d.driver ?? 'no driver'}: neither vfio-pci nor uio_pci_generic`, `as root: modprobe vfio-pci; ${bindCommands(d.bdf, 'vfio-pci', r.sysfsRoot).join('; ')}`));

  if (d.iommuGroup === undefined) out.push(warn('IOMMU group', `none: ${noIommuAdvice}`));
  else {
    const members = groupMembers(d.iommuGroup, roots).map((b) => readPciDevice(b, roots)).filter((x): x is PciDevice => x !== undefined);
    const blocking = members.filter((x) => x.bdf !== d.bdf && x.driver !== undefined && !['vfio-pci', 'pcieport', 'pci-stub'].includes(x.driver));
    const list = members.map(describe).join('; ');
    if (blocking.length === 0) out.push(ok('IOMMU group', `group ${d.iommuGroup}: ${list}`));
    else {
      out.push(fail('IOMMU group', `group ${d.iommuGroup} is not viable for VFIO while other members have host drivers: ${list}`, blocking.flatMap((b) => bindCommands(b.bdf, 'vfio-pci', r.sysfsRoot)).join('; ')));
    }
    const node = [path.join(r.devRoot, 'vfio', String(d.iommuGroup)), path.join(r.devRoot, 'vfio', `noiommu-${d.iommuGroup}`)].find(existsSync);
    if (d.driver === 'vfio-pci') {
      if (!node) out.push(fail('group node', `no ${path.join(r.devRoot, 'vfio', String(d.iommuGroup))}`, 'is udev running?'));
      else out.push(canReadWrite(node) ? ok('group node', `${node} accessible`) : fail('group node', `no read/write access to ${node}`, `run as root or: chown $USER ${node}`));
    }
  }
  const cfg = path.join(d.sysPath, 'config');
  if (uid !== 0) out.push(warn('config space', `not checked (needs root to read past 64 bytes and to enable bus mastering)`));
  else {
    const b = (() => {
      try {
        return readFileSync(cfg);
      } catch {
        return undefined;
      }
    })();
    if (!b || b.length < 6) out.push(warn('config space', `could not read ${cfg}`));
    else {
      const cmd = b.readUInt16LE(4);
      const bits = [cmd & 2 ? 'memory' : '', cmd & 4 ? 'bus-master' : '', cmd & 0x400 ? 'INTx-disabled' : ''].filter(Boolean).join(' ');
      out.push(ok('config space', `PCI_COMMAND 0x${cmd.toString(16).padStart(4, '0')} (${bits || 'nothing enabled'}); openDevice enables memory decoding and bus mastering`));
    }
  }
  return out;
}

export function runDoctor(bdf: string | undefined, host: DoctorHost = {}): Finding[] {
  const r = resolveRoots(host);
  const uid = host.uid ?? process.getuid?.() ?? 0;
  return [...hostChecks(r, uid), ...(bdf ? deviceChecks(r, bdf, uid, host) : [])];
}

export function formatFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  return findings
    .map((f) => `${f.level.padEnd(4)} ${f.check.padEnd(width)}  ${f.detail}${f.fix ? `\n     ${' '.repeat(width)}  fix: ${f.fix}` : ''}`)
    .join('\n');
}

export function createDoctorCommand(host: DoctorHost = {}): Command {
  return {
    name: 'doctor',
    summary: 'check this host for UIO/VFIO readiness and say what to fix',
    usage,
    async run(argv: readonly string[], io: CliIO): Promise<number> {
      if (argv.includes('-h') || argv.includes('--help')) {
        io.stdout(`${usage}\n`);
        return 0;
      }
      const args = argv.filter((a) => a !== '--');
      const bad = args.find((a) => a.startsWith('-'));
      if (bad || args.length > 1 || (args[0] !== undefined && !isBdf(args[0]))) {
        io.stderr(`regmill doctor: error: ${bad ? `unknown option ${bad}` : args.length > 1 ? 'expected at most one PCI address' : `"${args[0]}" is not a PCI address (e.g. 0000:00:04.0)`}\n${usage}\n`);
        return 2;
      }
      const findings = runDoctor(args[0] === undefined ? undefined : normalizeBdf(args[0]), host);
      io.stdout(`${formatFindings(findings)}\n`);
      const counts = (l: Level) => findings.filter((f) => f.level === l).length;
      io.stdout(`${counts('OK')} ok, ${counts('WARN')} warnings, ${counts('FAIL')} failures\n`);
      return counts('FAIL') > 0 ? 1 : 0;
    },
  };
}

export const doctorCommand: Command = createDoctorCommand();
