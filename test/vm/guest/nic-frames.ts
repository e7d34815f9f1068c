// The guest tests' frames: examples/nic/frame.ts's test frames (EtherType 0x88b5, "RGML", big-endian
// sequence number, a pattern from the sequence number), which test/vm/tools/rawsock.c writes and checks
// byte for byte the same way, at a length that varies with the sequence number, so every length from 60
// to 1514 bytes goes through the rings. Checked completely: sequence, length, both addresses, every byte.
//
// sendFrames()/receiveFrames() move such frames through a port of examples/nic's driver (E1000eNic) one
// batch at a time, with the frame bytes written or checked by the test in the port's pool buffers.
import type { Nic } from '../../../examples/nic/api.js';
import { checkFrame as payloadSeq, writeFrame as writePayload } from '../../../examples/nic/frame.js';

export { parseMac } from '../../../examples/nic/frame.js';
const MAX_FRAME = 1514;
/** The 4 bytes of FCS that the receive octet counters include (82574 datasheet 10.2.8). */
export const FCS_BYTES = 4;

/** The length frame `seq` gets: 60 + (seq × 97) mod 1455, every length from 60 to 1514 over time (rawsock.c var_length). */
export function frameLength(seq: number): number {
  return 60 + ((seq * 97) % (MAX_FRAME - 60 + 1));
}

function formatMac(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Writes test frame `seq` (frameLength(seq) bytes) at `buf[at…]`; returns its length. */
export function writeFrame(buf: Uint8Array, at: number, dst: Uint8Array, src: Uint8Array, seq: number): number {
  const length = frameLength(seq);
  writePayload(buf, at, length, seq, dst, src);
  return length;
}

/** Is this one of the test frames (EtherType and magic), whatever its state? */
export function isTestFrame(buf: Uint8Array, at: number, length: number): boolean {
  return payloadSeq(buf, at, length) !== -1;
}

/** What is wrong with a received frame that should be frame `seq` from `src` to `dst`; undefined if nothing. */
export function checkFrame(buf: Uint8Array, at: number, got: number, seq: number, dst: Uint8Array, src: Uint8Array): string | undefined {
  const s = payloadSeq(buf, at, got);
  if (s === -1) return `frame ${seq}: not a test frame (length ${got})`;
  if (s === -2) return `frame ${seq}: its contents do not match its sequence number (corrupt)`;
  if (s !== seq) return `frame ${seq}: sequence number ${s} (lost, duplicated or reordered)`;
  if (got !== frameLength(seq)) return `frame ${seq}: ${got} bytes, sent ${frameLength(seq)}`;
  for (let i = 0; i < 6; i++) {
    if (buf[at + i] !== dst[i]) return `frame ${seq}: destination ${formatMac(buf.subarray(at, at + 6))}, sent to ${formatMac(dst)}`;
    if (buf[at + 6 + i] !== src[i]) return `frame ${seq}: source ${formatMac(buf.subarray(at + 6, at + 12))}, sent from ${formatMac(src)}`;
  }
  return undefined;
}

/**
 * Queues up to `n` frames on `nic` with one txBatch (one TDT write): `fill(bytes, k)` writes frame k of
 * the batch at the start of a pool buffer and returns its length. Returns how many were queued (fewer
 * when the ring or the pool is full); the buffers of frames not queued go back to the pool.
 */
export function sendFrames(nic: Nic, n: number, fill: (bytes: Uint8Array, k: number) => number): number {
  const ids = new Uint32Array(n);
  const lengths = new Uint16Array(n);
  const got = nic.pool.allocBatch(ids, n);
  for (let k = 0; k < got; k++) lengths[k] = fill(nic.pool.buffers[ids[k]!]!, k);
  const queued = nic.txBatch(ids, lengths, got);
  if (queued < got) nic.pool.releaseBatch(ids, got - queued, queued);
  return queued;
}

/** Hands up to `max` received frames to `sink` in order (each valid during its call), then frees their buffers; returns how many. */
export function receiveFrames(nic: Nic, max: number, sink: (bytes: Uint8Array, length: number) => void): number {
  const ids = new Uint32Array(max);
  const lengths = new Uint16Array(max);
  const n = nic.rxBatch(ids, lengths, max);
  for (let k = 0; k < n; k++) sink(nic.pool.buffers[ids[k]!]!, lengths[k]!);
  nic.pool.releaseBatch(ids, n);
  return n;
}
