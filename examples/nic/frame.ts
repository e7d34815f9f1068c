// The test frames the programs send and check: Ethernet II, EtherType 0x88b5 (IEEE 802 local
// experimental), payload = "RGML", a 32-bit big-endian sequence number, then a byte pattern derived
// from the sequence number, so a receiver can tell a lost, duplicated, reordered or corrupted frame.
// Written straight into packet-buffer bytes (no allocation per frame). The format is shared with the guest
// tests' C tool (test/vm/tools/rawsock.c): keep it as it is.

export const ETHERTYPE = 0x88b5;
/** Smallest frame without the CRC (64 on the wire). */
export const MIN_FRAME = 60;
const MAGIC = 0x52474d4c; // "RGML"
const HEADER = 14;
const SEQ_AT = HEADER + 4;
const PATTERN_AT = SEQ_AT + 4;

/** "52:54:00:12:34:56" → 6 bytes. */
export function parseMac(text: string): Uint8Array {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new Error(`'${text}' is not a MAC address (six hex bytes separated by ':')`);
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

function patternByte(seq: number, i: number): number {
  return (seq * 31 + i) & 0xff;
}

/** Writes frame `seq` of `size` bytes at bytes[at..]: dst, src, EtherType, magic, seq, pattern. */
export function writeFrame(bytes: Uint8Array, at: number, size: number, seq: number, dst: Uint8Array, src: Uint8Array): void {
  if (size < MIN_FRAME) throw new RangeError(`frame size ${size} is below the Ethernet minimum of ${MIN_FRAME} bytes (without CRC)`);
  bytes.set(dst, at);
  bytes.set(src, at + 6);
  bytes[at + 12] = ETHERTYPE >> 8;
  bytes[at + 13] = ETHERTYPE & 0xff;
  writeU32(bytes, at + HEADER, MAGIC);
  writeU32(bytes, at + SEQ_AT, seq >>> 0);
  for (let i = PATTERN_AT; i < size; i++) bytes[at + i] = patternByte(seq, i);
}

/** Only the sequence number changes between frames of one size: rewrite it and the pattern. */
export function restampFrame(bytes: Uint8Array, at: number, size: number, seq: number): void {
  writeU32(bytes, at + SEQ_AT, seq >>> 0);
  for (let i = PATTERN_AT; i < size; i++) bytes[at + i] = patternByte(seq, i);
}

/**
 * Re-stamps frames of one size fast: the pattern (seq × 31 + i) & 0xff is a byte ramp, so each frame's
 * pattern is one of 256 slices of a ramp, made once; stamp() writes the sequence number and copies the
 * slice (one memcpy, no allocation), where restampFrame() loops byte by byte.
 */
export class FrameStamper {
  private readonly slices: Uint8Array[];

  constructor(readonly size: number) {
    if (size < MIN_FRAME) throw new RangeError(`frame size ${size} is below the Ethernet minimum of ${MIN_FRAME} bytes (without CRC)`);
    const n = size - PATTERN_AT;
    const ramp = Uint8Array.from({ length: 256 + n }, (_, j) => j & 0xff);
    this.slices = Array.from({ length: 256 }, (_, k) => ramp.subarray(k, k + n));
  }

  /** Frame `seq` in a buffer that already holds a frame of this size (addresses, EtherType, magic). */
  stamp(bytes: Uint8Array, seq: number): void {
    writeU32(bytes, SEQ_AT, seq >>> 0);
    bytes.set(this.slices[(Math.imul(seq, 31) + PATTERN_AT) & 0xff]!, PATTERN_AT);
  }
}

/**
 * The sequence number of a test frame at bytes[at..at+length), or -1 when it is not one of ours
 * (wrong EtherType or magic), or -2 when it is ours but its pattern is corrupt.
 */
export function checkFrame(bytes: Uint8Array, at: number, length: number): number {
  if (length < PATTERN_AT || bytes[at + 12] !== ETHERTYPE >> 8 || bytes[at + 13] !== (ETHERTYPE & 0xff) || readU32(bytes, at + HEADER) !== MAGIC) return -1;
  const seq = readU32(bytes, at + SEQ_AT);
  for (let i = PATTERN_AT; i < length; i++) if (bytes[at + i] !== patternByte(seq, i)) return -2;
  return seq;
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
