// The two ring engines behind NicOptions.engine. Both drive queue 0's legacy RX and TX descriptor rings
// with the same semantics (runtime/registers/ring.ts ≡ the wasm submit$/reap$ routines): publish a batch
// from the tail — every word but status, a fence, the status words with dd cleared, a fence, one tail
// register write — and reap by reading each entry's status.dd from the head.
//
//   'ts'    the generated RxRing/TxRing classes over the rings' DMA memory; the doorbell is the
//           generated rxq[0].rdt / txq[0].tdt register the ring array binds.
//   'wasm'  (wasm-rings.ts) the generated submit$rx/reap$rx/submit$tx/reap$tx routines over a device
//           window holding the rings.
//
// Entries are staged in objects made once per ring slot and changed in place, so a batch allocates
// nothing; buffer addresses are the pool's bigints (made once per buffer).
import type { Device, DmaBuffer } from '../../runtime/device-types.js';
import type { PacketPool } from '../../runtime/dma/packet-pool.js';
import { RxDesc, RxRing, TxDesc, TxDescCmd, TxRing, type E1000eRegs } from '../../generated/e1000e/e1000e.js';

/** What the driver needs of a ring engine, for queue 0. */
export interface QueueRings {
  readonly rxCount: number;
  readonly txCount: number;
  /** Device address of each ring (for RDBAL/RDBAH, TDBAL/TDBAH). */
  readonly rxBase: bigint;
  readonly txBase: bigint;
  /** The next RX entry to reap (its index in the ring). */
  readonly rxHead: number;
  readonly rxInFlight: number;
  readonly txHead: number;
  readonly txTail: number;
  readonly txInFlight: number;
  /** wasm engine: whether submit$ wrote RDT/TDT itself (the device's BAR mapped into the window). */
  readonly directDoorbell?: boolean;
  /** Counts finished RX entries from the head (at most max) and moves past them. */
  rxReap(max: number): number;
  /** Gives buffers ids[at..at+n) to the device from the RX tail (one RDT write). */
  rxPublish(pool: PacketPool, ids: Uint32Array, at: number, n: number): void;
  /** The generated view of RX entry i (length, errors, status written back by the device). */
  rxEntry(i: number): RxDesc;
  /** The generated view of TX entry i (what the driver wrote; status.dd once the device is done). */
  txEntry(i: number): TxDesc;
  txReap(max: number): number;
  /** Queues buffers ids[at..at+n) with lengths[at..] from the TX tail (one TDT write). */
  txPublish(pool: PacketPool, ids: Uint32Array, lengths: Uint16Array, at: number, n: number): void;
  close(): void;
}

/** Legacy TX command for one whole frame per descriptor: end of packet, insert FCS, report status (dd). */
export const TX_CMD = TxDescCmd.eop.mask | TxDescCmd.ifcs.mask | TxDescCmd.rs.mask;

interface RxStage {
  buffer_addr: bigint;
}
interface TxStage {
  buffer_addr: bigint;
  length: number;
  cmd: number;
}

/** The 'ts' engine: the generated ring classes. */
export class TsQueueRings implements QueueRings {
  readonly rxBase: bigint;
  readonly txBase: bigint;
  private readonly rxMem: DmaBuffer;
  private readonly txMem: DmaBuffer;
  private readonly rx: RxRing;
  private readonly tx: TxRing;
  private readonly rxStage: RxStage[];
  private readonly txStage: TxStage[];

  constructor(
    device: Device,
    regs: E1000eRegs,
    readonly rxCount: number,
    readonly txCount: number,
  ) {
    // Descriptor rings: 128-byte aligned (datasheet 10.2.5.6: RDBAL bits 6:0 ignored… a page is safe).
    this.rxMem = device.dma.alloc(rxCount * RxDesc.size, { align: 4096 });
    try {
      this.txMem = device.dma.alloc(txCount * TxDesc.size, { align: 4096 });
    } catch (e) {
      this.rxMem.free();
      throw e;
    }
    this.rxMem.bytes.fill(0);
    this.txMem.bytes.fill(0);
    this.rxBase = this.rxMem.deviceAddress;
    this.txBase = this.txMem.deviceAddress;
    // Ring 0 of each ring array (spec: ring rx[q:2] / tx[q:2]): its doorbell is regs.rxq[0].rdt / regs.txq[0].tdt.
    this.rx = new RxRing(regs, 0, this.rxMem.mmio, rxCount);
    this.tx = new TxRing(regs, 0, this.txMem.mmio, txCount);
    this.rxStage = Array.from({ length: rxCount }, () => ({ buffer_addr: 0n }));
    this.txStage = Array.from({ length: txCount }, () => ({ buffer_addr: 0n, length: 0, cmd: TX_CMD }));
  }

  get rxHead(): number {
    return this.rx.head;
  }
  get rxInFlight(): number {
    return this.rx.inFlight;
  }
  get txHead(): number {
    return this.tx.head;
  }
  get txTail(): number {
    return this.tx.tail;
  }
  get txInFlight(): number {
    return this.tx.inFlight;
  }

  rxReap(max: number): number {
    return this.rx.reap(max);
  }

  rxPublish(pool: PacketPool, ids: Uint32Array, at: number, n: number): void {
    const stage = this.rxStage;
    const addresses = pool.addresses;
    for (let k = 0; k < n; k++) stage[k]!.buffer_addr = addresses[ids[at + k]!]!;
    this.rx.publish(stage, n);
  }

  rxEntry(i: number): RxDesc {
    return this.rx.at(i);
  }

  txEntry(i: number): TxDesc {
    return this.tx.at(i);
  }

  txReap(max: number): number {
    return this.tx.reap(max);
  }

  txPublish(pool: PacketPool, ids: Uint32Array, lengths: Uint16Array, at: number, n: number): void {
    const stage = this.txStage;
    const addresses = pool.addresses;
    for (let k = 0; k < n; k++) {
      const s = stage[k]!;
      s.buffer_addr = addresses[ids[at + k]!]!;
      s.length = lengths[at + k]!;
    }
    this.tx.publish(stage, n);
  }

  close(): void {
    this.rxMem.free();
    this.txMem.free();
  }
}
