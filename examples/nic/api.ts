// The public API of the e1000e driver in examples/nic/ (what the programs, the guest tests and the
// benchmark use). Stable: additions only. Packets never cross this API as objects: a batch is a list
// of packet-buffer indices (runtime/dma/packet-pool.ts) plus a length per packet, in typed arrays the
// caller allocates once, like ixy's `rx_batch(dev, queue, bufs, n)` / `tx_batch(…)`.

/** Which code writes and reaps the descriptor rings: the generated TypeScript ring classes, or the generated wasm routines. */
export type RingEngine = 'ts' | 'wasm';

export interface NicOptions {
  /** Receive descriptors (a multiple of 8: RDLEN is a multiple of 128 bytes; ≤ 65536). Default 256. */
  readonly rxDescriptors?: number;
  /** Transmit descriptors (a multiple of 8). Default 256. */
  readonly txDescriptors?: number;
  /** Packet buffers in the pool this port owns (default rx + tx descriptors + 2 × 256). */
  readonly poolBuffers?: number;
  /** Bytes per packet buffer, and the RCTL.BSIZE the receiver uses: 2048 (default), 1024, 512 or 256. */
  readonly bufferSize?: number;
  /** Ring engine (default 'ts'). */
  readonly engine?: RingEngine;
  /**
   * Receive by interrupt: RXQ0 → MSI-X vector 0 through IVAR (MSI/INTx: vector 0), waited for by
   * waitForPackets(). Polling (false, the default) never touches ICR in the data path.
   */
  readonly interrupts?: boolean;
  /**
   * Receive every frame on the segment (RCTL.UPE and MPE; default true, like ixy: a forwarder takes
   * every frame). false: the receive filter passes only frames to the port's own MAC address
   * (RAL0/RAH0, datasheet 10.2.5.18-19) and, with `broadcast`, broadcasts — what a port on a hub that
   * hands every port every frame needs, or it takes (and a forwarder loops) its neighbours' frames.
   */
  readonly promiscuous?: boolean;
  /** Accept broadcast frames (RCTL.BAM; default true). Only matters when `promiscuous` is false. */
  readonly broadcast?: boolean;
  /** Interrupt throttling interval in 256 ns units (ITR); 0 = off. Default 0. */
  readonly itr?: number;
  /** Milliseconds to wait for STATUS.LU after setting CTRL.SLU (default 5000). */
  readonly linkTimeoutMs?: number;
  /** Diagnostics (reset, link, ring set-up). */
  readonly log?: (line: string) => void;
}

/** Counters since start (the read-to-clear statistics registers, summed by readStats()). */
export interface NicStats {
  /** GPRC: good packets received. */
  rxPackets: number;
  /** GPTC: good packets transmitted. */
  txPackets: number;
  /** GORC (GORCL + GORCH): good octets received (including the 4-byte CRC). */
  rxBytes: number;
  /** GOTC: good octets transmitted (the datasheet includes the CRC; QEMU 7.2 does not). */
  txBytes: number;
  /** MPC: packets missed because no receive descriptor was free. */
  rxMissed: number;
  /** RNBC: times the receiver found no free buffer. */
  rxNoBuffers: number;
  /** CRCERRS. */
  crcErrors: number;
  /** TPR / TPT: total packets received / transmitted (good or bad). */
  totalRxPackets: number;
  totalTxPackets: number;
}

/** One port: what examples/nic/driver.ts's E1000eNic implements. */
export interface Nic {
  /** A short name for logs and the per-second lines (the BDF, or "sim0"). */
  readonly name: string;
  readonly engine: RingEngine;
  /** The port's packet buffers (allocate TX buffers here; RX buffers come from here too). */
  readonly pool: import('../../runtime/dma/packet-pool.js').PacketPool;
  /** MAC address from RAL0/RAH0, "52:54:00:12:34:56". */
  readonly mac: string;
  /** STATUS.LU, one read. */
  linkUp(): boolean;
  /**
   * Receives up to `max` packets (≤ ids.length): writes their buffer ids and lengths, hands as many
   * fresh buffers back to the device (one RDT write), returns how many. The caller owns the buffers
   * it got and frees them to `pool` (or sends them: txBatch takes ownership).
   */
  rxBatch(ids: Uint32Array, lengths: Uint16Array, max?: number): number;
  /**
   * Queues `ids[0..n)` (lengths[i] bytes each) for sending with one TDT write, after first reaping
   * finished descriptors (their buffers go back to the pool). Returns how many were queued (fewer when
   * the ring is full); the caller still owns ids[k] for k ≥ the result.
   */
  txBatch(ids: Uint32Array, lengths: Uint16Array, n: number): number;
  /** Reaps finished transmit descriptors (buffers back to the pool); returns how many. */
  txCleanup(): number;
  /** Descriptors queued for sending and not yet reaped. */
  readonly txInFlight: number;
  /**
   * Interrupt mode: resolves when receive descriptors were written back (RXQ0/RXT0), after acking the
   * cause and re-arming IMS; resolves at once when packets are already waiting. Rejects with code
   * 'ETIMEDOUT' after `timeoutMs`. Throws in polling mode.
   */
  waitForPackets(timeoutMs?: number): Promise<void>;
  /** Reads every statistics register once (each read clears it) and adds them to the totals; returns the totals. */
  readStats(): NicStats;
  /** Stops RX/TX, masks interrupts, frees rings and buffers. The device itself is closed by its owner. */
  close(): void;
}

/** Options of the programs (`npm run nic -- <program> …`), parsed by examples/nic/cli.ts. */
export interface ProgramOptions {
  /** 'pktgen': send sequence-numbered frames; 'fwd': receive on port A, send on port B; 'recv': receive and check sequence numbers. */
  readonly program: 'pktgen' | 'fwd' | 'recv';
  /** PCI addresses bound to vfio-pci (pktgen/recv: one; fwd: two), or none with --sim. */
  readonly bdfs: readonly string[];
  readonly sim: boolean;
  readonly engine: RingEngine;
  /** Packets per rxBatch/txBatch call (default 32, like ixy). */
  readonly batch: number;
  /** Frame size in bytes without the CRC (pktgen; default 60, ≥ 60, ≤ bufferSize). */
  readonly size: number;
  /** Stop after this many frames (pktgen: sent; recv/fwd: received); 0 = run until --seconds or SIGINT. */
  readonly count: number;
  /** Stop after this many seconds; 0 = no limit. */
  readonly seconds: number;
  /** Receive by interrupt instead of polling (recv, fwd). */
  readonly interrupts: boolean;
  /** One JSON object per line instead of ixy's text lines. */
  readonly json: boolean;
}

/** One per-second (and a final) report line's data. Mbit/s counts 20 extra bytes per frame (preamble, SFD, inter-frame gap) like ixy. */
export interface RateLine {
  readonly port: string;
  readonly dir: 'RX' | 'TX';
  readonly mpps: number;
  readonly mbits: number;
  readonly packets: number;
  readonly seconds: number;
}
