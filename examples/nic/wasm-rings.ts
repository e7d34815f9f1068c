// The 'wasm' ring engine: queue 0's RX and TX rings live in a device window (runtime/window) and the
// generated wasm routines submit$rx/reap$rx/submit$tx/reap$tx (generated/e1000e/e1000e.wasm) write and
// reap them; the device sees the ring pages through DmaAllocator.adopt (an IOVA under VFIO, a sim
// address on the simulated device).
//
// The doorbell: a generated submit$ routine ends with one store of the new tail to RDT/TDT at the BAR
// offset the module is built for (0x10000 in the window). When the device can hand out its BAR 0
// (Device.barSource: a VFIO region or resource file mmap()ed whole), the engine maps that BAR there, so
// the routine's store is the doorbell write itself. Otherwise (the simulated device has no memory
// behind its registers) the module's BAR 0 is a plain scratch page and the engine copies the tail the
// routine returns to the real register with one generated-accessor write. Either way each batch is one
// tail write to the device, after the routine's second fence.
//
// Staging: submit$ copies entries from a staging table in the window, in the ring's own layout. The
// words that never change (zeros; the TX command) are written once; per packet the engine writes the
// buffer address (and, for TX, the length) into the staging table through typed arrays.
import type { Device, DmaBuffer } from '../../runtime/device-types.js';
import type { PacketPool } from '../../runtime/dma/packet-pool.js';
import { ViewMmio } from '../../runtime/mappings/view-mmio.js';
import { createDeviceWindow, mapInto, WASM_PAGE, type DeviceWindow, type WindowRegion } from '../../runtime/window/index.js';
import { RxDesc, TxDesc, type E1000eRegs } from '../../generated/e1000e/e1000e.js';
import { E1000eWasm, E1000eWasmBars } from '../../generated/e1000e/e1000e.wasm.js';
import type { QueueRings } from './rings.js';
import { TX_CMD } from './rings.js';

const PAGE = 4096;
/** The queue (ring-array index: rx[0], tx[0]) this engine drives; the wasm routines write its tail register. */
const QUEUE = 0;
const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

export class WasmQueueRings implements QueueRings {
  rxHead = 0;
  rxInFlight = 0;
  txHead = 0;
  txTail = 0;
  txInFlight = 0;
  private rxTail = 0;
  private readonly rxViews: (RxDesc | undefined)[];
  private readonly txViews: (TxDesc | undefined)[];
  private readonly rxStageAddr: BigUint64Array;
  private readonly txStageAddr: BigUint64Array;
  private readonly txStageLen: Uint16Array;

  private constructor(
    private readonly window: DeviceWindow,
    private readonly wasm: E1000eWasm,
    private readonly regs: E1000eRegs,
    readonly rxCount: number,
    readonly txCount: number,
    private readonly rxMem: DmaBuffer,
    private readonly txMem: DmaBuffer,
    private readonly rxRing: number,
    private readonly txRing: number,
    private readonly rxStage: number,
    private readonly txStage: number,
    private readonly rxMmio: ViewMmio,
    private readonly txMmio: ViewMmio,
    /** True when the module's BAR 0 is the device's: submit$ itself wrote RDT/TDT. */
    readonly directDoorbell: boolean,
  ) {
    const buf = window.buffer;
    this.rxViews = new Array<RxDesc | undefined>(rxCount).fill(undefined);
    this.txViews = new Array<TxDesc | undefined>(txCount).fill(undefined);
    // Staging entries are 16 bytes: the u64 address is element 2k of a BigUint64Array, the TX length u16 element 8k + 4.
    this.rxStageAddr = new BigUint64Array(buf, rxStage, rxCount * 2);
    this.txStageAddr = new BigUint64Array(buf, txStage, txCount * 2);
    this.txStageLen = new Uint16Array(buf, txStage, txCount * 8);
    const txBytes = new Uint8Array(buf, txStage, txCount * TxDesc.size);
    txBytes.fill(0);
    new Uint8Array(buf, rxStage, rxCount * RxDesc.size).fill(0);
    for (let k = 0; k < txCount; k++) txBytes[k * TxDesc.size + 11] = TX_CMD; // cmd @ 11 (tx_desc layout)
  }

  get rxBase(): bigint {
    return this.rxMem.deviceAddress;
  }
  get txBase(): bigint {
    return this.txMem.deviceAddress;
  }

  static create(device: Device, regs: E1000eRegs, rxCount: number, txCount: number): WasmQueueRings {
    const adopt = device.dma.adopt?.bind(device.dma);
    if (!adopt) throw new Error(`e1000e wasm rings: this device's DMA allocator (${device.dma.addressMode}: ${device.dma.reason}) cannot adopt window memory; use --engine ts`);
    const bar = E1000eWasmBars[0];
    const rxBytes = roundUp(rxCount * RxDesc.size, PAGE);
    const txBytes = roundUp(txCount * TxDesc.size, PAGE);
    const pages = Math.ceil((bar.offset + bar.size + 2 * (rxBytes + txBytes) + PAGE) / WASM_PAGE) + 1;
    const window = createDeviceWindow({ pages });
    const adopted: DmaBuffer[] = [];
    try {
      // The module's BAR 0 at the offset it is built for: the device's own BAR when it can be mapped, else scratch (see the top).
      const source = device.barSource?.(0);
      const direct = source !== undefined && source.size >= bar.size;
      const bar0: WindowRegion = direct
        ? mapInto(window, source.fd, bar.offset, bar.size, { fileOffset: source.offset, what: 'e1000e BAR 0', verify: 'maps' })
        : window.reserveScratch(bar.size);
      if (bar0.offset !== bar.offset) throw new Error(`e1000e wasm rings: BAR 0 landed at window offset 0x${bar0.offset.toString(16)}, not 0x${bar.offset.toString(16)}`);
      const rxRing = window.reserveScratch(rxBytes, PAGE);
      const txRing = window.reserveScratch(txBytes, PAGE);
      const rxStage = window.reserveScratch(rxBytes, PAGE);
      const txStage = window.reserveScratch(txBytes, PAGE);
      const bytes = (r: { offset: number; size: number }): Uint8Array => new Uint8Array(window.buffer, r.offset, r.size);
      const rxMem = adopt(window.base + BigInt(rxRing.offset), bytes(rxRing), 'e1000e RX ring (wasm window)');
      adopted.push(rxMem);
      const txMem = adopt(window.base + BigInt(txRing.offset), bytes(txRing), 'e1000e TX ring (wasm window)');
      adopted.push(txMem);
      rxMem.bytes.fill(0);
      txMem.bytes.fill(0);
      const wasm = new E1000eWasm(window, { 0: bar0 });
      const rxMmio = new ViewMmio(bytes(rxRing), 'e1000e RX ring (wasm window)');
      const txMmio = new ViewMmio(bytes(txRing), 'e1000e TX ring (wasm window)');
      return new WasmQueueRings(window, wasm, regs, rxCount, txCount, rxMem, txMem, rxRing.offset, txRing.offset, rxStage.offset, txStage.offset, rxMmio, txMmio, direct);
    } catch (e) {
      for (const b of adopted) b.free();
      window.close();
      throw e;
    }
  }


  rxReap(max: number): number {
    const limit = max < this.rxInFlight ? max : this.rxInFlight;
    if (limit === 0) return 0;
    const n = this.wasm.reap$rx(QUEUE, this.rxRing, this.rxCount, this.rxHead, limit);
    this.rxHead = (this.rxHead + n) % this.rxCount;
    this.rxInFlight -= n;
    return n;
  }

  rxPublish(pool: PacketPool, ids: Uint32Array, at: number, n: number): void {
    const stage = this.rxStageAddr;
    const addresses = pool.addresses;
    for (let k = 0; k < n; k++) stage[2 * k] = addresses[ids[at + k]!]!;
    this.rxTail = this.wasm.submit$rx(QUEUE, this.rxRing, this.rxCount, this.rxTail, this.rxStage, n);
    this.rxInFlight += n;
    if (!this.directDoorbell) this.regs.rxq.at(QUEUE).rdt.write(this.rxTail);
  }

  rxEntry(i: number): RxDesc {
    return (this.rxViews[i] ??= new RxDesc(this.rxMmio, i * RxDesc.size));
  }

  txEntry(i: number): TxDesc {
    return (this.txViews[i] ??= new TxDesc(this.txMmio, i * TxDesc.size));
  }

  txReap(max: number): number {
    const limit = max < this.txInFlight ? max : this.txInFlight;
    if (limit === 0) return 0;
    const n = this.wasm.reap$tx(QUEUE, this.txRing, this.txCount, this.txHead, limit);
    this.txHead = (this.txHead + n) % this.txCount;
    this.txInFlight -= n;
    return n;
  }

  txPublish(pool: PacketPool, ids: Uint32Array, lengths: Uint16Array, at: number, n: number): void {
    const addr = this.txStageAddr;
    const len = this.txStageLen;
    const addresses = pool.addresses;
    for (let k = 0; k < n; k++) {
      addr[2 * k] = addresses[ids[at + k]!]!;
      len[8 * k + 4] = lengths[at + k]!; // length @ 8
    }
    this.txTail = this.wasm.submit$tx(QUEUE, this.txRing, this.txCount, this.txTail, this.txStage, n);
    this.txInFlight += n;
    if (!this.directDoorbell) this.regs.txq.at(QUEUE).tdt.write(this.txTail);
  }

  close(): void {
    this.rxMmio.detach();
    this.txMmio.detach();
    this.rxMem.free();
    this.txMem.free();
    this.window.close();
  }
}
