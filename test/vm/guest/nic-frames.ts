// The test frame format the NIC guest tests and the NIC benchmark send and check, byte for byte the
// same as test/vm/tools/rawsock.c (the kernel side):
//   0-5 destination MAC, 6-11 source MAC, 12-13 EtherType 0x88b5 (IEEE 802 local experimental 1),
//   14-17 "RM01", 18-21 sequence number (LE), 22-29 send time in ns (LE; 0 in the tests),
//   30.. byte i = (seq * 7 + i) & 0xff up to the frame's length (60..1514 bytes, without the FCS).

export const ETHERTYPE_TEST = 0x88b5;
export const MIN_FRAME = 60;
export const MAX_FRAME = 1514;
/** The 4 bytes of FCS every octet counter includes (82574 datasheet 10.2.8: "…through CRC, inclusive"). */
export const FCS_BYTES = 4;
const MAGIC = [0x52, 0x4d, 0x30, 0x31]; // "RM01"

/** The length sequence number `seq` gets in variable-size runs: every length from 60 to 1514 over time. */
export function frameLength(seq: number): number {
  return MIN_FRAME + ((seq * 97) % (MAX_FRAME - MIN_FRAME + 1));
}

/** "52:54:00:12:0c:01" → bytes. */
export function parseMac(text: string): Uint8Array {
  const parts = text.split(':').map((p) => Number.parseInt(p, 16));
  if (parts.length !== 6 || parts.some((b) => !(b >= 0 && b <= 255))) throw new Error(`not a MAC address: '${text}'`);
  return Uint8Array.from(parts);
}

export function formatMac(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Writes test frame `seq` of `length` bytes at `buf[at…]`; returns the length. */
export function writeFrame(buf: Uint8Array, at: number, length: number, dst: Uint8Array, src: Uint8Array, seq: number, stampNs = 0n): number {
  buf.set(dst, at);
  buf.set(src, at + 6);
  buf[at + 12] = ETHERTYPE_TEST >> 8;
  buf[at + 13] = ETHERTYPE_TEST & 0xff;
  buf.set(MAGIC, at + 14);
  for (let i = 0; i < 4; i++) buf[at + 18 + i] = (seq >>> (8 * i)) & 0xff;
  for (let i = 0; i < 8; i++) buf[at + 22 + i] = Number((stampNs >> BigInt(8 * i)) & 0xffn);
  for (let i = 30; i < length; i++) buf[at + i] = (seq * 7 + i) & 0xff;
  return length;
}

/** Is this one of ours (EtherType and magic)? */
export function isTestFrame(buf: Uint8Array, at: number, length: number): boolean {
  return length >= 30 && buf[at + 12] === ETHERTYPE_TEST >> 8 && buf[at + 13] === (ETHERTYPE_TEST & 0xff) &&
    MAGIC.every((b, i) => buf[at + 14 + i] === b);
}

export function frameSeq(buf: Uint8Array, at: number): number {
  return (buf[at + 18]! | (buf[at + 19]! << 8) | (buf[at + 20]! << 16) | (buf[at + 21]! << 24)) >>> 0;
}

/** What is wrong with a received frame that should be `seq` of `length` bytes from `src` to `dst`; undefined if nothing. */
export function checkFrame(buf: Uint8Array, at: number, got: number, seq: number, length: number, dst: Uint8Array, src: Uint8Array): string | undefined {
  if (!isTestFrame(buf, at, got)) return `frame ${seq}: not a test frame (length ${got})`;
  const s = frameSeq(buf, at);
  if (s !== seq) return `frame ${seq}: sequence number ${s} (lost, duplicated or reordered)`;
  if (got !== length) return `frame ${seq}: ${got} bytes, sent ${length}`;
  for (let i = 0; i < 6; i++) {
    if (buf[at + i] !== dst[i]) return `frame ${seq}: destination ${formatMac(buf.subarray(at, at + 6))}, sent to ${formatMac(dst)}`;
    if (buf[at + 6 + i] !== src[i]) return `frame ${seq}: source ${formatMac(buf.subarray(at + 6, at + 12))}, sent from ${formatMac(src)}`;
  }
  for (let i = 30; i < length; i++) {
    if (buf[at + i] !== ((seq * 7 + i) & 0xff)) return `frame ${seq}: byte ${i} is 0x${buf[at + i]!.toString(16)}, sent 0x${((seq * 7 + i) & 0xff).toString(16)}`;
  }
  return undefined;
}
