// openDevice(): one call from "where is the device" to a Device with mapped BARs, interrupts and DMA.
// It prints nothing; `description` says which backend, which address mode and why.
import type { Backend, Device, DeviceIrq, DeviceRemoval, DmaAllocator } from './device-types.js';
import type { Mmio } from './registers/mmio.js';
import { track, untrack } from './ffi/resources.js';
import * as libc from './ffi/libc.js';
import type { Mapping } from './mappings/mapping.js';
import { mapFile } from './mappings/file.js';
import { findUio, type UioSelector } from './mappings/uio-sysfs.js';
import { mapUio } from './mappings/uio.js';
import { mapResource, openSysfsConfig, pciDeviceDir } from './mappings/resource.js';
import { VfioDevice } from './vfio/device.js';
import { noIrq, type IrqDispatcher } from './irq/dispatcher.js';
import { setupUioIrq } from './irq/uio-irq.js';
import { setupVfioIrq, type IrqModeRequest } from './vfio/irq.js';
import { IovaAllocator, PhysicalAllocator, VirtualAllocator } from './dma/allocators.js';
import { COMMAND_MASTER, COMMAND_MEMORY, type ConfigSpace } from './pci/config-space.js';
import { changeCommand, NO_COMMAND_CHANGE, type CommandChange } from './pci/command.js';
import { normalizeBdf, resolveRoots, type HostRoots } from './pci/roots.js';
import { watchSysfsRemoval } from './pci/removal-watch.js';
import { sysfsReset } from './pci/reset.js';
import { watchVfioRequest } from './vfio/request.js';
import { turnOnCommandBits } from './pci/command.js';
import { lockDevice } from './pci/device-lock.js';
import path from 'node:path';

export type DeviceSource =
  | { readonly uio: UioSelector }
  | { readonly vfio: string }
  | { readonly resource: string }
  /** One path maps the lowest declared BAR; a record maps BAR index → file. */
  | { readonly file: string | Readonly<Record<number, string>> };

export interface OpenOptions extends HostRoots {
  /** BAR index → size in bytes, as the spec declares them. Only these BARs are mapped. */
  readonly bars: Readonly<Record<number, number>>;
  /** Interrupt mode; default 'auto' (VFIO: MSI-X, then MSI, then INTx; UIO: INTx). 'none' sets up nothing. */
  readonly irq?: IrqModeRequest;
  /** Set memory decoding and bus mastering in PCI_COMMAND (default true; needs root for UIO/resource). */
  readonly enable?: boolean;
  /**
   * close() clears the PCI_COMMAND bits open turned on (default true), so the device cannot DMA once its
   * driver is gone. false leaves them on, for a process that hands the device on to another.
   */
  readonly restoreCommand?: boolean;
}

interface Parts {
  readonly backend: Backend;
  /** The device in errors: "UIO uio0 (…) on 0000:00:04.0", "VFIO 0000:00:04.0", … */
  readonly name: string;
  readonly description: string;
  readonly mappings: ReadonlyMap<number, Mapping>;
  readonly irq: DeviceIrq;
  /** Stops interrupts; `lost` (the device is gone) is what pending and later waits reject with. */
  readonly irqClose: (lost?: Error) => void;
  /** Set when the backend can tell a removal from a failed interrupt read (UIO's EIO). */
  readonly dispatcher?: IrqDispatcher;
  /** Undoes open's PCI_COMMAND change: after interrupts stop, before DMA memory is freed. */
  readonly command: CommandChange;
  readonly dma: DmaAllocator & { close(): void };
  /** Closed last (config fd, VFIO device). */
  readonly finally: readonly (() => void)[];
  readonly unmapped: (bar: number) => string;
  /** Starts the backend's removal watches (VFIO request interrupt, sysfs); returns their stop. */
  readonly watch?: (lose: (removal: DeviceRemoval) => void) => () => void;
  /** The backend's reset; undefined when it has none (the file backend). */
  readonly reset?: () => void;
}

/** The error every call on a removed device fails with. */
export function removedError(what: string, name: string, removal: DeviceRemoval): Error & { code: 'ENODEV'; removal: DeviceRemoval } {
  return Object.assign(new Error(`${what}: ${name} was removed (${removal.reason}); open it again once it is back`), { code: 'ENODEV' as const, removal });
}

class OpenedDevice implements Device {
  readonly backend: Backend;
  readonly description: string;
  private isClosed = false;
  private removal: DeviceRemoval | undefined;
  private readonly listeners = new Set<(removal: DeviceRemoval) => void>();
  private readonly stopWatching: () => void;

  constructor(private readonly parts: Parts) {
    this.backend = parts.backend;
    this.description = parts.description;
    track(this);
    for (const [bar, m] of parts.mappings) {
      m.onFault = (offset) =>
        this.lose({ cause: 'sigbus', reason: `an access at 0x${offset.toString(16)} in BAR ${bar} (${m.label}) raised SIGBUS: the device is gone or the file behind the mapping shrank; the access read all ones` });
    }
    if (parts.dispatcher) {
      parts.dispatcher.onReadFailure = (error) => {
        const code = (error as { code?: string }).code;
        if (code === 'EIO' || code === 'ENODEV') this.lose({ cause: 'read-error', reason: `${error.message} (the kernel driver let go of the device)` });
      };
    }
    let stop = () => {};
    try {
      stop = parts.watch?.((removal) => this.lose(removal)) ?? stop;
    } finally {
      this.stopWatching = () => stop();
    }
  }

  private get name(): string {
    return this.parts.name;
  }

  get irq(): DeviceIrq {
    return this.parts.irq;
  }

  get dma(): DmaAllocator {
    if (!this.removal) return this.parts.dma;
    const removal = this.removal;
    const name = this.name;
    return { addressMode: this.parts.dma.addressMode, reason: this.parts.dma.reason, alloc: () => { throw removedError('dma.alloc', name, removal); } };
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get removed(): DeviceRemoval | undefined {
    return this.removal;
  }

  onRemoved(listener: (removal: DeviceRemoval) => void): () => void {
    if (this.removal) {
      const removal = this.removal;
      queueMicrotask(() => listener(removal));
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markRemoved(reason = 'the application reported the device removed (markRemoved())'): void {
    this.lose({ cause: 'notice', reason });
  }

  barSource(index: number): { readonly fd: number; readonly offset: number; readonly size: number } | undefined {
    this.bar(index); // the same errors: removed, closed, not mapped
    const m = this.parts.mappings.get(index)!;
    return m.source ? { fd: m.source.fd, offset: m.source.offset, size: m.size } : undefined;
  }

  bar(index: number): Mmio {
    if (this.removal) throw removedError(`bar(${index})`, this.name, this.removal);
    if (this.isClosed) throw new Error(`bar(${index}): the device is closed (${this.description})`);
    const m = this.parts.mappings.get(index);
    if (!m) throw new Error(`bar(${index}): BAR ${index} is not mapped: ${this.parts.unmapped(index)}`);
    return m.mmio;
  }

  reset(): void {
    if (this.removal) throw removedError('reset()', this.name, this.removal);
    if (this.isClosed) throw new Error(`reset(): the device is closed (${this.description})`);
    if (!this.parts.reset) throw new Error(`reset(): the ${this.backend} backend has no reset (${this.description})`);
    this.parts.reset();
  }

  close(): void {
    if (this.removal && !this.isClosed) {
      // Everything was released when the removal was noticed; close() just ends the object's life.
      this.isClosed = true;
      return;
    }
    if (this.isClosed) throw new Error(`close(): the device is already closed (${this.description})`);
    this.isClosed = true;
    this.stopWatching();
    untrack(this);
    const errors: unknown[] = [];
    const step = (f: () => void) => {
      try {
        f();
      } catch (error) {
        errors.push(error);
      }
    };
    step(() => this.parts.irqClose()); // rejects waiters, stops watching the interrupt fds
    step(() => this.parts.command.undo()); // no more DMA before its buffers go back to the kernel
    step(() => this.parts.dma.close()); // IOMMU unmaps need the container still open
    for (const m of this.parts.mappings.values()) step(() => m.close());
    for (const f of this.parts.finally) step(f);
    if (errors.length > 0) throw errors[0];
  }

  /**
   * The device is gone: memory to all ones, waits rejected with the reason, everything released (the
   * kernel's removal waits for that under VFIO), listeners told. PCI_COMMAND is not touched: the config
   * space belongs to nobody now (or to a new device at the same address).
   */
  private lose(removal: DeviceRemoval): void {
    if (this.removal || this.isClosed) return;
    this.removal = removal;
    this.stopWatching();
    untrack(this);
    const lost = removedError('irq wait', this.name, removal);
    const quietly = (f: () => void) => {
      try {
        f();
      } catch {
        // the device is gone; what could not be released cleanly the kernel reclaims with the fds
      }
    };
    for (const m of this.parts.mappings.values()) quietly(() => m.lose(lost.message.replace(/^irq wait: /, '')));
    quietly(() => this.parts.irqClose(lost));
    quietly(() => this.parts.dma.close());
    for (const f of this.parts.finally) quietly(f);
    const listeners = [...this.listeners];
    this.listeners.clear();
    queueMicrotask(() => {
      for (const l of listeners) l(removal);
      if (listeners.length === 0) process.emitWarning(`${this.name} was removed: ${removal.reason}`, 'DeviceRemoved');
    });
  }

  closeAtExit(): void {
    if (!this.isClosed && !this.removal) this.close();
  }
}

function barEntries(bars: Readonly<Record<number, number>>): [number, number][] {
  const entries = Object.entries(bars).map(([k, v]) => [Number(k), v] as [number, number]);
  for (const [bar, size] of entries) {
    if (!Number.isInteger(bar) || bar < 0 || bar > 5) throw new RangeError(`options.bars: BAR index ${bar} is not 0–5`);
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`options.bars: BAR ${bar} size ${size} is not a positive integer`);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

/** Maps each BAR; on failure unmaps what was mapped and rethrows. */
function mapAll(entries: readonly [number, number][], map: (bar: number, size: number) => Mapping): Map<number, Mapping> {
  const done = new Map<number, Mapping>();
  try {
    for (const [bar, size] of entries) done.set(bar, map(bar, size));
  } catch (error) {
    for (const m of done.values()) m.close();
    throw error;
  }
  return done;
}

/** Runs `build`; if it throws, runs the cleanups registered so far (newest first). */
function building<T>(build: (onFail: (f: () => void) => void) => T): T {
  const undo: (() => void)[] = [];
  try {
    return build((f) => undo.push(f));
  } catch (error) {
    for (const f of undo.reverse()) {
      try {
        f();
      } catch {
        // report the original failure
      }
    }
    throw error;
  }
}

const PHYSICAL_WHY = 'the device sees physical memory (from /proc/self/pagemap: needs root; a buffer is contiguous only within one page unless hugepage-backed)';

export function openDevice(source: DeviceSource, options: OpenOptions): Device {
  const entries = barEntries(options.bars);
  if ('file' in source) return openFile(source.file, entries);
  if ('uio' in source) return openUio(source.uio, entries, options);
  if ('resource' in source) return openResource(source.resource, entries, options);
  if ('vfio' in source) return openVfio(source.vfio, entries, options);
  throw new Error('openDevice: the source must be { uio }, { vfio }, { resource } or { file }');
}

function openFile(file: string | Readonly<Record<number, string>>, entries: [number, number][]): Device {
  if (entries.length === 0) throw new Error('openDevice: options.bars declares no BAR to map');
  const paths = new Map<number, string>(typeof file === 'string' ? [[entries[0]![0], file]] : Object.entries(file).map(([k, v]) => [Number(k), v]));
  for (const bar of paths.keys()) {
    if (!entries.some(([b]) => b === bar)) throw new Error(`openDevice: a file is given for BAR ${bar}, but options.bars does not declare BAR ${bar}`);
  }
  const mappings = mapAll(entries.filter(([bar]) => paths.has(bar)), (bar, size) => mapFile(paths.get(bar)!, { bar, size }));
  const dma = new VirtualAllocator();
  const list = [...mappings.entries()].map(([bar, m]) => `BAR ${bar} = ${m.label}`).join(', ');
  return new OpenedDevice({
    backend: 'file',
    name: `file backend (${list})`,
    description: `file backend (${list}); no interrupts; DMA ${dma.addressMode}: ${dma.reason}`,
    mappings,
    irq: noIrq('the file backend has no interrupts'),
    irqClose: () => {},
    command: NO_COMMAND_CHANGE,
    dma,
    finally: [],
    unmapped: (bar) => `no file was given for it (pass { file: { ${bar}: path } })`,
  });
}

/**
 * Runs a backend's reset, then turns on again the PCI_COMMAND bits open set: the kernel restores the
 * saved config space after a reset, so this is normally a no-op, but a reset without the restore (or a
 * device that came back without it) would otherwise leave the driver without memory decoding or DMA.
 */
function resetThenReenable(reset: () => void, cfg: ConfigSpace | undefined, command: CommandChange): void {
  reset();
  if (cfg && command.turnedOn) turnOnCommandBits(cfg, command.turnedOn);
}

/** Turns on memory decoding and bus mastering (unless `enable` is false); a failed open turns them off again. */
function enableCommand(cfg: ConfigSpace, options: OpenOptions, onFail: (f: () => void) => void): CommandChange {
  if (options.enable === false) return NO_COMMAND_CHANGE;
  const change = changeCommand(cfg, COMMAND_MEMORY | COMMAND_MASTER, options.restoreCommand !== false);
  onFail(() => change.undo());
  return change;
}

function openUio(selector: UioSelector, entries: [number, number][], options: OpenOptions): Device {
  const dev = findUio(selector, options);
  return building((onFail) => {
    const unlock = lockDevice(dev.pciAddress ? path.join(pciDeviceDir(dev.pciAddress, options), 'config') : dev.devPath, `uio${dev.index} (${dev.name})${dev.pciAddress ? ` on ${dev.pciAddress}` : ''}`, options.procRoot);
    onFail(unlock);
    const mappings = mapAll(entries, (bar, size) => mapUio(dev, bar, size));
    onFail(() => mappings.forEach((m) => m.close()));
    let cfg: ConfigSpace | undefined;
    let command = NO_COMMAND_CHANGE;
    if (dev.pciAddress && options.enable !== false) {
      cfg = openSysfsConfig(dev.pciAddress, options);
      onFail(() => libc.close(cfg!.fd, cfg!.label));
      command = enableCommand(cfg, options, onFail);
    }
    if (options.irq === 'msi' || options.irq === 'msix') throw new Error(`openDevice: UIO delivers only INTx; options.irq '${options.irq}' needs the VFIO backend`);
    const irq = options.irq === 'none' ? undefined : setupUioIrq(dev, options);
    onFail(() => irq?.close());
    const dma = new PhysicalAllocator(`UIO gives no IOMMU mapping, so ${PHYSICAL_WHY}`, options.procRoot);
    const where = dev.pciAddress ? ` on ${dev.pciAddress}` : '';
    return new OpenedDevice({
      backend: 'uio',
      name: `UIO uio${dev.index} (${dev.name})${where}`,
      dispatcher: irq,
      watch: (lose) => watchSysfsRemoval(dev.sysPath, () => lose({ cause: 'sysfs', reason: `${dev.sysPath} is gone: the device was removed or its driver unbound` })),
      ...(dev.pciAddress ? { reset: () => resetThenReenable(() => sysfsReset(dev.pciAddress!, options), cfg, command) } : {}),
      description: `UIO uio${dev.index} (${dev.name})${where}: ${[...mappings].map(([b, m]) => `BAR ${b} = ${m.label}`).join(', ')}; ${irq ? `interrupts INTx via ${dev.devPath}` : 'interrupts not requested'}; DMA physical: ${dma.reason}${command.text}`,
      mappings,
      irq: irq ?? noIrq("interrupts were not requested (options.irq 'none')"),
      irqClose: (lost) => irq?.close(lost),
      command,
      dma,
      finally: cfg ? [() => libc.close(cfg!.fd, cfg!.label), unlock] : [unlock],
      unmapped: (bar) => `options.bars does not declare it (uio${dev.index} maps: ${dev.maps.map((m) => (m.bar === undefined ? `map${m.index}` : `BAR ${m.bar}`)).join(', ') || 'none'})`,
    });
  });
}

function openResource(address: string, entries: [number, number][], options: OpenOptions): Device {
  const bdf = normalizeBdf(address);
  return building((onFail) => {
    const unlock = lockDevice(path.join(pciDeviceDir(bdf, options), 'config'), bdf, options.procRoot);
    onFail(unlock);
    const mappings = mapAll(entries, (bar, size) => mapResource(bdf, bar, size, options));
    onFail(() => mappings.forEach((m) => m.close()));
    const cfg = openSysfsConfig(bdf, options);
    onFail(() => libc.close(cfg.fd, cfg.label));
    const command = enableCommand(cfg, options, onFail);
    const dma = new PhysicalAllocator(`sysfs resource files give no IOMMU mapping, so ${PHYSICAL_WHY}`, options.procRoot);
    const sysPath = pciDeviceDir(bdf, options);
    return new OpenedDevice({
      backend: 'resource',
      name: `sysfs resource files of ${bdf}`,
      watch: (lose) => watchSysfsRemoval(sysPath, () => lose({ cause: 'sysfs', reason: `${sysPath} is gone: the device was removed` })),
      reset: () => resetThenReenable(() => sysfsReset(bdf, options), cfg, command),
      description: `sysfs resource files of ${bdf} (no kernel driver involved); no interrupts (use UIO or VFIO for them); DMA physical: ${dma.reason}${command.text}`,
      mappings,
      irq: noIrq(`the sysfs resource backend has no interrupt path; open ${bdf} through UIO or VFIO to wait for interrupts`),
      irqClose: () => {},
      command,
      dma,
      finally: [() => libc.close(cfg.fd, cfg.label), unlock],
      unmapped: () => 'options.bars does not declare it',
    });
  });
}

function openVfio(address: string, entries: [number, number][], options: OpenOptions): Device {
  const bdf = normalizeBdf(address);
  const unlock = lockDevice(path.join(resolveRoots(options).sysfsRoot, 'bus/pci/devices', bdf, 'config'), bdf, options.procRoot);
  let dev: VfioDevice;
  try {
    dev = VfioDevice.open(address, options);
  } catch (error) {
    unlock();
    throw error;
  }
  return building((onFail) => {
    onFail(unlock);
    onFail(() => dev.close());
    const mappings = mapAll(entries, (bar, size) => dev.mapBar(bar, size));
    onFail(() => mappings.forEach((m) => m.close()));
    const cfg = dev.config();
    const command = enableCommand(cfg, options, onFail);
    const irq = setupVfioIrq(dev, options.irq ?? 'auto');
    onFail(() => irq.close());
    const dma =
      dev.iommu === 'noiommu'
        ? new PhysicalAllocator(`VFIO no-IOMMU mode has no DMA translation, so ${PHYSICAL_WHY}`, options.procRoot)
        : new IovaAllocator(dev);
    const mode = dev.iommu === 'noiommu' ? 'no-IOMMU (physical)' : `${dev.iommu} (IOVA)`;
    const sysPath = path.join(resolveRoots(options).sysfsRoot, 'bus/pci/devices', dev.bdf);
    return new OpenedDevice({
      backend: 'vfio',
      name: `VFIO ${dev.bdf}`,
      ...(irq.dispatcher ? { dispatcher: irq.dispatcher } : {}),
      watch: (lose) => {
        const request = watchVfioRequest(dev, () => lose({ cause: 'request', reason: `the kernel asked for ${dev.bdf} back (VFIO request interrupt: it is being removed or unbound)` }));
        const stopSysfs = watchSysfsRemoval(sysPath, () => lose({ cause: 'sysfs', reason: `${sysPath} is gone: the device was removed` }));
        return () => (request.close(), stopSysfs());
      },
      reset: () =>
        resetThenReenable(() => {
          if (!dev.reset()) throw Object.assign(new Error(`reset(): ${dev.bdf} has no reset method (VFIO_DEVICE_GET_INFO has no VFIO_DEVICE_FLAGS_RESET: the kernel found no FLR, PM or bus reset for it)`), { code: 'ENOTSUP' });
        }, cfg, command),
      description: `VFIO ${mode} on ${dev.bdf}: IOMMU group ${dev.group}; interrupts ${irq.reason}; DMA ${dma.addressMode}: ${dma.reason}${command.text}`,
      mappings,
      irq: irq.dispatcher ?? noIrq(irq.reason),
      irqClose: (lost) => irq.close(lost),
      command,
      dma,
      finally: [() => dev.close(), unlock],
      unmapped: () => 'options.bars does not declare it',
    });
  });
}
