// The simulated device: a `Device` (runtime/device-types.ts) built from a device's IR, whose registers obey
// their declared semantics, so generated accessors and driver code run on it unchanged. Models (e.g.
// models/edu.ts) script device behaviour through hooks; tests raise causes and update volatile bits.
//
// Precedence (see README.md): one software access is one step. Its software effect (the write's onwrite
// semantics, a read's onread clear/set, interrupt ack/enable effects) is applied first; hardware-side
// updates made during that step (poke/raise from a hook, a test-register raise) are applied after it, so
// a hardware set in the same step as a software clear wins. onRead hooks run before the value is
// sampled and may replace the value returned (not the stored one).
import type { IrBar, IrDevice, IrExpr, IrRegister } from '../../compiler/ir/ir.js';
import type { Backend, Device, DeviceRemoval } from '../device-types.js';
import type { Mmio } from '../registers/mmio.js';
import { AddressMap, type RegisterInstance } from './address-map.js';
import { SimDma } from './dma.js';
import { SimIrq } from './irq.js';
import { InterruptWiring, type RegisterStore } from './interrupt-wiring.js';
import { afterRead, afterWrite, planOf, readValue, type RegisterPlan } from './semantics.js';
import { SparseMemoryMmio } from './sparse-memory.js';
import { hex } from '../../compiler/ir/bits.js';
import { RegisterMmio } from './register-mmio.js';

export interface SimOptions {
  /** First device address handed out by `dma.alloc()` (default 0x1_0000_0000). */
  readonly dmaBase?: bigint;
  /**
   * MSI-X vectors with no status register behind them (an NVMe completion queue's vector: the cause
   * is "new entries in this CQ"), beyond those the spec's interrupt groups declare. A model sends a
   * message on one with `signal(vector)`.
   */
  readonly messageVectors?: number;
}

/** A register by path (`status`, `regs.status`, `rxq[1].rdt`) or by BAR offset (`{ offset: 0x24 }`, BAR 0 by default). */
export type SimTarget = string | { readonly bar?: number; readonly offset: number };

export interface SimAccess {
  readonly bar: number;
  /** Absolute offset of the register within the BAR. */
  readonly offset: number;
  readonly path: string;
  readonly reg: IrRegister;
}
export interface SimReadContext extends SimAccess {
  /** The stored value before the read's side effect. */
  readonly stored: bigint;
}
export interface SimWriteContext extends SimAccess {
  /** What software wrote. */
  readonly written: bigint;
  /** Stored value before and after the write's software effect. */
  readonly before: bigint;
  readonly after: bigint;
  /** Bits of `pulse` fields written 1. */
  readonly pulsed: bigint;
}

export type ReadHook = (ctx: SimReadContext) => bigint | number | void;
export type WriteHook = (ctx: SimWriteContext) => void;

export interface SimDevice extends Device {
  readonly ir: IrDevice;
  readonly irq: SimIrq;
  readonly dma: SimDma;
  /** Runs before every software read of the register(s); a returned value replaces what the read returns. */
  onRead(target: SimTarget, fn: ReadHook): () => void;
  /** Runs after the software effect of every write to the register(s). */
  onWrite(target: SimTarget, fn: WriteHook): () => void;
  /** Hardware sends one MSI/MSI-X message on `vector` (a vector whose cause has no status bit). */
  signal(vector: number): void;
  /** Hardware raises a cause: sets its status bits (then delivers per status & enable). */
  raise(group: string, cause: string): void;
  /** Hardware-side update of a register's stored bits (those in `mask`), without any side effect. */
  poke(target: SimTarget, value: bigint | number, mask?: bigint | number): void;
  /** The stored value, without any side effect (write-only bits included). */
  peek(target: SimTarget): bigint;
  /** Device-side DMA: read host memory at a device address / write it. Throws (EFAULT) outside live buffers. */
  dmaRead(address: bigint, length: number): Uint8Array;
  dmaWrite(address: bigint, data: Uint8Array): void;
  /** The register instance at a BAR offset (undefined for a hole). */
  registerAt(bar: number, offset: number): RegisterInstance | undefined;
  /** Guest errors a model noticed (bad DMA parameters…), oldest first. */
  readonly faults: readonly string[];
  reportFault(message: string): void;
  /** Called once by close() (models cancel their timers here). */
  onClose(fn: () => void): void;
}

export interface BarState {
  readonly ir: IrBar;
  readonly map: AddressMap;
  readonly values: Map<number, bigint>;
  readonly instances: Map<number, RegisterInstance>;
  /** `split` registers between their first and second half: by register offset. */
  readonly halves: Map<number, SplitHalf>;
}

/** The first half of a split register's access: a read's whole value, or a write's first 32 bits. */
interface SplitHalf {
  readonly op: 'read' | 'write';
  readonly value: bigint;
}

class Sim implements SimDevice, RegisterStore {
  readonly backend: Backend = 'sim';
  readonly description: string;
  readonly irq: SimIrq;
  readonly dma: SimDma;
  readonly faults: string[] = [];
  private readonly bars = new Map<number, BarState>();
  private readonly rawBars = new Map<number, SparseMemoryMmio>();
  private readonly mmios = new Map<number, Mmio>();
  private readonly readHooks = new Map<string, ReadHook[]>();
  private readonly writeHooks = new Map<string, WriteHook[]>();
  private readonly wiring: InterruptWiring;
  private readonly closeHooks: (() => void)[] = [];
  private readonly deferred: (() => void)[] = [];
  private depth = 0;
  private isClosed = false;
  private readonly label: string;
  private readonly messageOnly: boolean[];

  constructor(
    readonly ir: IrDevice,
    options: SimOptions,
  ) {
    this.label = `sim ${ir.name}`;
    const check = (): void => this.checkOpen();
    for (const bar of ir.bars) {
      if (bar.hasRegisters) this.bars.set(bar.index, { ir: bar, map: new AddressMap(ir, bar, (e) => this.evaluate(e)), values: new Map(), instances: new Map(), halves: new Map() });
      else this.rawBars.set(bar.index, new SparseMemoryMmio(bar.size, `${this.label} BAR${bar.index}`, check));
    }
    this.wiring = new InterruptWiring(ir, this, this.label);
    const kinds = [...this.wiring.vectorKinds];
    for (let v = 0; v < (options.messageVectors ?? 0); v++) kinds[v] ??= 'msix';
    this.irq = new SimIrq(kinds, this.label);
    // Message vectors: the spec's causes without status (`ring cq`) and any `messageVectors` beyond the spec's.
    this.messageOnly = kinds.map((_, v) => v >= this.wiring.vectorKinds.length || this.wiring.messageVectors.has(v));
    this.dma = new SimDma(options.dmaBase ?? 0x1_0000_0000n, this.label, check);
    const bars = ir.bars.map((b) => `BAR${b.index} ${b.name} ${sizeText(b.size)}${b.hasRegisters ? '' : ' raw'}`).join(', ');
    this.description = `simulated ${ir.name} (spec-driven model; ${bars}; interrupts: ${this.irq.vectors ? `${this.irq.vectors} vector(s)` : 'none'}; DMA: sim addresses)`;
    this.updateLines();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  private checkOpen(): void {
    if (this.removal) throw Object.assign(new Error(`${this.label} was removed (${this.removal.reason})`), { code: 'ENODEV', removal: this.removal });
    if (this.isClosed) throw new Error(`${this.label}: device is closed`);
  }

  private removal: DeviceRemoval | undefined;
  private readonly removalListeners = new Set<(removal: DeviceRemoval) => void>();

  get removed(): DeviceRemoval | undefined {
    return this.removal;
  }

  onRemoved(listener: (removal: DeviceRemoval) => void): () => void {
    if (this.removal) {
      const r = this.removal;
      queueMicrotask(() => listener(r));
      return () => {};
    }
    this.removalListeners.add(listener);
    return () => this.removalListeners.delete(listener);
  }

  /** Simulates a surprise removal: every later access and wait fails with ENODEV; pending waits reject. */
  markRemoved(reason = 'the application reported the device removed (markRemoved())'): void {
    if (this.removal || this.isClosed) return;
    this.removal = { cause: 'notice', reason };
    this.irq.close();
    this.dma.freeAll();
    const listeners = [...this.removalListeners];
    this.removalListeners.clear();
    const r = this.removal;
    queueMicrotask(() => listeners.forEach((l) => l(r)));
  }

  /** Every register back to its reset value (raw BARs keep their bytes, like memory behind a BAR). */
  reset(): void {
    this.checkOpen();
    for (const state of this.bars.values()) {
      state.values.clear();
      state.halves.clear();
    }
    this.updateLines();
  }

  bar(index: number): Mmio {
    this.checkOpen();
    const cached = this.mmios.get(index);
    if (cached) return cached;
    const raw = this.rawBars.get(index);
    const state = this.bars.get(index);
    if (!raw && !state) {
      throw new Error(`${this.label}: BAR ${index} is not declared in the spec (declared: ${this.ir.bars.map((b) => b.index).join(', ') || 'none'})`);
    }
    const mmio = raw ?? new RegisterMmio(this, state!, state!.ir.size);
    this.mmios.set(index, mmio);
    return mmio;
  }

  close(): void {
    if (this.isClosed) throw new Error(`${this.label}: device closed twice`);
    this.isClosed = true;
    if (this.removal) return;
    this.irq.close();
    this.dma.freeAll();
    for (const fn of this.closeHooks.splice(0)) fn();
  }

  onClose(fn: () => void): void {
    this.checkOpen();
    this.closeHooks.push(fn);
  }

  reportFault(message: string): void {
    this.faults.push(message);
  }

  // ---- register access -------------------------------------------------------------------------

  private instance(state: BarState, offset: number): RegisterInstance | undefined {
    let inst = state.instances.get(offset);
    if (!inst) {
      inst = state.map.find(offset);
      if (inst && inst.offset === offset) state.instances.set(offset, inst);
    }
    return inst;
  }

  registerAt(bar: number, offset: number): RegisterInstance | undefined {
    const state = this.bars.get(bar);
    return state ? this.instance(state, offset) : undefined;
  }

  /** Checks bounds, alignment and width; returns the register the access hits exactly. */
  private target(state: BarState, offset: number, bytes: number, op: 'read' | 'write'): RegisterInstance {
    this.checkOpen();
    // The messages are built only on an error: this runs on every simulated register access.
    const what = (): string => `${bytes * 8}-bit ${op} at ${hex(offset)}`;
    const where = (): string => `${this.label} BAR${state.ir.index}`;
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes > state.ir.size) {
      throw new RangeError(`${where()}: ${what()} is outside the ${hex(state.ir.size)}-byte BAR`);
    }
    const inst = this.instance(state, offset);
    if (!inst) throw new RangeError(`${where()}: ${what()}: no register there`);
    const width = inst.reg.width;
    if (inst.reg.split) {
      if (bytes === 4 && (offset === inst.offset || offset === inst.offset + 4)) return inst;
      const [first, second] = inst.reg.split === 'lo_hi' ? [inst.offset, inst.offset + 4] : [inst.offset + 4, inst.offset];
      throw new RangeError(
        `${where}: ${what} hits register '${inst.path}' (${hex(inst.offset)}..${hex(inst.offset + 7)}), which the spec declares split ${inst.reg.split}: access it as two 32-bit ${op}s, ${hex(first)} then ${hex(second)}`,
      );
    }
    if (inst.offset !== offset || width !== bytes * 8) {
      const end = inst.offset + width / 8 - 1;
      throw new RangeError(
        `${where()}: ${what()} hits register '${inst.path}' (${hex(inst.offset)}..${hex(end)}, ${width}-bit); access it as one ${width}-bit ${op} at ${hex(inst.offset)}`,
      );
    }
    return inst;
  }

  /**
   * A run-time expression (an array stride the device reports, IrExpr) over the registers' current
   * values, without hooks or side effects: what the hardware's own decoder sees.
   */
  private evaluate(e: IrExpr): number {
    switch (e.kind) {
      case 'const':
        return Number(BigInt(e.value));
      case 'field': {
        const state = this.bars.get(e.ref.bar);
        if (!state) throw new Error(`${this.label}: BAR ${e.ref.bar} has no registers (run-time expression)`);
        const reg = state.map.resolve(e.ref.path.join('.')).reg;
        const raw = state.values.get(e.ref.offset) ?? planOf(reg).reset;
        return Number((raw >> BigInt(e.ref.lsb)) & ((1n << BigInt(e.ref.bits)) - 1n));
      }
      case 'unary':
        return e.op === '-' ? -this.evaluate(e.operand) : ~this.evaluate(e.operand);
      case 'binary': {
        const l = this.evaluate(e.left);
        const r = this.evaluate(e.right);
        const ops: Record<typeof e.op, () => number> = {
          '+': () => l + r, '-': () => l - r, '*': () => l * r, '/': () => Math.trunc(l / r), '%': () => l % r,
          '<<': () => l * 2 ** r, '>>': () => Math.floor(l / 2 ** r), '&': () => l & r, '|': () => l | r, '^': () => l ^ r,
        };
        return ops[e.op]();
      }
    }
  }

  private load(state: BarState, inst: RegisterInstance): bigint {
    const stored = state.values.get(inst.storage);
    if (stored !== undefined || inst.storage === inst.offset) return stored ?? planOf(inst.reg).reset;
    return planOf(this.instance(state, inst.storage)!.reg).reset;
  }

  private hooksFor<T>(table: Map<string, T[]>, bar: number, inst: RegisterInstance): T[] {
    const exact = table.get(`${bar}:${inst.path}`) ?? [];
    if (inst.genericPath === inst.path) return exact;
    return [...(table.get(`${bar}:${inst.genericPath}`) ?? []), ...exact];
  }

  /** Runs `fn` as one step: hardware updates requested inside it are applied after it. */
  private step<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) {
        while (this.deferred.length) this.deferred.shift()!();
        this.updateLines();
      }
    }
  }

  hardware(update: () => void): void {
    if (this.depth > 0) this.deferred.push(update);
    else {
      update();
      this.updateLines();
    }
  }

  /**
   * A 32-bit half of a `split` register. The first half in the declared order is where the access
   * happens (a read samples the whole register, hooks and side effects included; a write is held),
   * the second completes it (a read returns the other half of that sample; a write applies the
   * whole 64-bit value, then its hooks run). Halves out of order are refused.
   */
  private half(state: BarState, inst: RegisterInstance, offset: number, op: 'read' | 'write', value: bigint): bigint {
    const order = inst.reg.split!;
    const high = offset !== inst.offset;
    const isFirst = high === (order === 'hi_lo');
    const pending = state.halves.get(inst.offset);
    const where = `${this.label} BAR${state.ir.index}: 32-bit ${op} at ${hex(offset)} of '${inst.path}' (split ${order})`;
    const shift = high ? 32n : 0n;
    if (isFirst) {
      if (pending) throw new RangeError(`${where}: the ${pending.op} of its other half at ${hex(high ? inst.offset : inst.offset + 4)} did not come after the first half; finish one access before starting the next`);
      if (op === 'read') {
        const whole = this.read(state, inst.offset, 8, true);
        state.halves.set(inst.offset, { op, value: whole });
        return (whole >> shift) & 0xffff_ffffn;
      }
      state.halves.set(inst.offset, { op, value: value << shift });
      return 0n;
    }
    if (!pending || pending.op !== op) {
      const first = high ? inst.offset : inst.offset + 4;
      throw new RangeError(`${where}: the spec declares ${order === 'lo_hi' ? 'the low half first' : 'the high half first'}; ${op} ${hex(first)} before ${hex(offset)}`);
    }
    state.halves.delete(inst.offset);
    if (op === 'read') return (pending.value >> shift) & 0xffff_ffffn;
    this.write(state, inst.offset, 8, pending.value | (value << shift), true);
    return 0n;
  }

  read(state: BarState, offset: number, bytes: number, whole = false): bigint {
    const inst = this.target(state, offset, whole ? 4 : bytes, 'read');
    if (inst.reg.split && !whole) return this.half(state, inst, offset, 'read', 0n);
    const plan = planOf(inst.reg);
    return this.step(() => {
      const bar = state.ir.index;
      let override: bigint | undefined;
      for (const h of this.hooksFor(this.readHooks, bar, inst)) {
        const r = h({ bar, offset: inst.offset, path: inst.path, reg: inst.reg, stored: this.load(state, inst) });
        if (r !== undefined) override = BigInt(r) & plan.all;
      }
      const stored = this.load(state, inst);
      const value = readValue(plan, stored);
      const next = afterRead(plan, stored);
      if (next !== stored) state.values.set(inst.storage, next);
      return override ?? value;
    });
  }

  write(state: BarState, offset: number, bytes: number, value: bigint, whole = false): void {
    const inst = this.target(state, offset, whole ? 4 : bytes, 'write');
    if (inst.reg.split && !whole) {
      this.half(state, inst, offset, 'write', value);
      return;
    }
    const plan = planOf(inst.reg);
    this.step(() => {
      const bar = state.ir.index;
      const written = value & plan.all;
      const before = this.load(state, inst);
      const { next, pulsed } = afterWrite(plan, before, written);
      state.values.set(inst.storage, this.wiring.writeEffects(bar, inst.offset, written, before, next));
      const after = this.load(state, inst);
      for (const h of this.hooksFor(this.writeHooks, bar, inst)) h({ bar, offset: inst.offset, path: inst.path, reg: inst.reg, written, before, after, pulsed });
      if (this.wiring.isMaskClear(bar, inst.offset)) this.releaseHeld();
    });
  }

  private state(bar: number): BarState {
    const s = this.bars.get(bar);
    if (!s) throw new Error(`${this.label}: BAR ${bar} has no registers`);
    return s;
  }

  storedAt(bar: number, offset: number): bigint {
    const s = this.state(bar);
    const inst = this.instance(s, offset);
    if (!inst || inst.offset !== offset) throw new Error(`${this.label}: no register at BAR${bar} ${hex(offset)}`);
    return this.load(s, inst);
  }

  setStored(bar: number, offset: number, value: bigint): void {
    const s = this.state(bar);
    const inst = this.instance(s, offset);
    if (!inst || inst.offset !== offset) throw new Error(`${this.label}: no register at BAR${bar} ${hex(offset)}`);
    s.values.set(inst.storage, value & planOf(inst.reg).all);
  }

  // ---- interrupts ------------------------------------------------------------------------------

  /** Recomputes the interrupt lines and delivers what rose. */
  private updateLines(): void {
    if (this.isClosed) return;
    const { level, rose } = this.wiring.levels();
    for (let v = 0; v < level.length; v++) this.irq.setLevel(v, level[v]!, rose[v]!);
  }

  signal(vector: number): void {
    this.checkOpen();
    if (!this.messageOnly[vector]) {
      throw new RangeError(`${this.label}: signal(${vector}): not a message vector without status (messageVectors: ${this.messageOnly.filter(Boolean).length}; spec-declared vectors are raised through their causes)`);
    }
    // A masked vector (the group's `mask`, NVMe INTMS) holds its message until it is unmasked.
    if (this.wiring.masked(vector)) {
      this.heldMessages.add(vector);
      return;
    }
    // A message is an edge: the line stays low, one event is delivered (after the current access).
    this.hardware(() => this.irq.setLevel(vector, false, true));
  }

  /** Messages held by the mask: sent when a write to the mask-clear register unmasks their vector. */
  private readonly heldMessages = new Set<number>();
  private releaseHeld(): void {
    for (const v of [...this.heldMessages]) {
      if (this.wiring.masked(v)) continue;
      this.heldMessages.delete(v);
      this.hardware(() => this.irq.setLevel(v, false, true));
    }
  }

  raise(group: string, cause: string): void {
    this.checkOpen();
    this.wiring.raise(group, cause);
  }

  // ---- hooks, poke, peek -----------------------------------------------------------------------

  /** Resolves a target to its BAR, hook key and (when it names one instance) its offset. */
  private resolve(target: SimTarget): { bar: number; key: string; offset: number | undefined; reg: IrRegister } {
    if (typeof target !== 'string') {
      const bar = target.bar ?? 0;
      const inst = this.registerAt(bar, target.offset);
      if (!inst || inst.offset !== target.offset) throw new Error(`${this.label}: no register starts at BAR${bar} ${hex(target.offset)}`);
      return { bar, key: inst.path, offset: inst.offset, reg: inst.reg };
    }
    const dot = target.indexOf('.');
    const head = dot < 0 ? target : target.slice(0, dot);
    const byName = [...this.bars.values()].find((b) => b.ir.name === head);
    if (byName && dot >= 0) {
      const r = byName.map.resolve(target.slice(dot + 1));
      return { bar: byName.ir.index, key: normalize(target.slice(dot + 1)), offset: r.offset, reg: r.reg };
    }
    const errors: string[] = [];
    const hits: { bar: number; key: string; offset: number | undefined; reg: IrRegister }[] = [];
    for (const b of this.bars.values()) {
      try {
        const r = b.map.resolve(target);
        hits.push({ bar: b.ir.index, key: normalize(target), offset: r.offset, reg: r.reg });
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw new Error(`${this.label}: '${target}' exists in several BARs; prefix the BAR name (e.g. '${this.bars.values().next().value!.ir.name}.${target}')`);
    throw new Error(errors[0] ?? `${this.label}: no BAR with registers to find '${target}' in`);
  }

  private addHook<T>(table: Map<string, T[]>, target: SimTarget, fn: T): () => void {
    this.checkOpen();
    const { bar, key } = this.resolve(target);
    const k = `${bar}:${key}`;
    const list = table.get(k) ?? [];
    list.push(fn);
    table.set(k, list);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  onRead(target: SimTarget, fn: ReadHook): () => void {
    return this.addHook(this.readHooks, target, fn);
  }

  onWrite(target: SimTarget, fn: WriteHook): () => void {
    return this.addHook(this.writeHooks, target, fn);
  }

  private one(target: SimTarget, op: string): { bar: number; offset: number; plan: RegisterPlan } {
    this.checkOpen();
    const r = this.resolve(target);
    if (r.offset === undefined) throw new Error(`${this.label}: ${op}('${String(target)}') needs one register: give every array index (e.g. 'name[0]')`);
    return { bar: r.bar, offset: r.offset, plan: planOf(r.reg) };
  }

  poke(target: SimTarget, value: bigint | number, mask?: bigint | number): void {
    const { bar, offset, plan } = this.one(target, 'poke');
    const m = (mask === undefined ? plan.all : BigInt(mask)) & plan.all;
    const v = BigInt(value);
    this.hardware(() => this.setStored(bar, offset, (this.storedAt(bar, offset) & ~m) | (v & m)));
  }

  peek(target: SimTarget): bigint {
    const { bar, offset } = this.one(target, 'peek');
    return this.storedAt(bar, offset);
  }

  dmaRead(address: bigint, length: number): Uint8Array {
    this.checkOpen();
    return this.dma.read(address, length);
  }

  dmaWrite(address: bigint, data: Uint8Array): void {
    this.checkOpen();
    this.dma.write(address, data);
  }
}

/** `rxq[1].rdt` stays as is; hooks keyed by it match that element, `rxq.rdt` every element. */
function normalize(path: string): string {
  return path.replace(/\s+/g, '');
}

function sizeText(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}

/** A simulated device for one IR device. */
export function createSimDevice(ir: IrDevice, options: SimOptions = {}): SimDevice {
  return new Sim(ir, options);
}
