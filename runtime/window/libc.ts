// The few libc calls the device window needs (mmap over the window, memfd for DMA buffers, the address
// of a wasm Memory), through ffi-rs. A private stop-gap until runtime/ffi/libc.ts lands; control plane
// only — each call costs microseconds, so nothing here is ever on a per-register path.
import { constants } from 'node:os';
import { DataType, load, open } from 'ffi-rs';

const LIB = 'libc';
let opened = false;
function lib(): string {
  if (!opened) {
    open({ library: LIB, path: 'libc.so.6' });
    opened = true;
  }
  return LIB;
}

export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MFD_CLOEXEC = 0x1;

const errnoNames = new Map<number, string>(Object.entries(constants.errno).map(([name, code]) => [code, name]));

/** A failed system call: errno name, the call, and what it was applied to. */
export class SysError extends Error {
  constructor(
    readonly code: string,
    readonly errno: number,
    readonly syscall: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${code}: ${syscall} ${path}: ${detail}`);
    this.name = 'SysError';
  }
}

function fail(errno: number, message: string, syscall: string, path: string): never {
  throw new SysError(errnoNames.get(errno) ?? `E${errno}`, errno, syscall, path, message);
}

interface Errno<T> {
  value: T;
  errnoCode: number;
  errnoMessage: string;
}

/** mmap(2); returns the mapped address. `what` names the mapping for errors. */
export function mmap(addr: bigint, length: number, prot: number, flags: number, fd: number, offset: number, what: string): bigint {
  const r = load({
    library: lib(),
    funcName: 'mmap',
    retType: DataType.BigInt,
    paramsType: [DataType.BigInt, DataType.I64, DataType.I32, DataType.I32, DataType.I32, DataType.I64],
    paramsValue: [addr, length, prot, flags, fd, offset],
    errno: true,
  }) as unknown as Errno<bigint>;
  if (r.value === -1n) fail(r.errnoCode, r.errnoMessage, 'mmap', what);
  return r.value;
}

/** memfd_create(2): an anonymous shared-memory file (DMA buffers, test BARs). */
export function memfdCreate(name: string): number {
  const r = load({
    library: lib(),
    funcName: 'memfd_create',
    retType: DataType.I32,
    paramsType: [DataType.String, DataType.U32],
    paramsValue: [name, MFD_CLOEXEC],
    errno: true,
  }) as unknown as Errno<number>;
  if (r.value < 0) fail(r.errnoCode, r.errnoMessage, 'memfd_create', name);
  return r.value;
}

/** The address of a buffer's first byte (memset(p, 0, 0) returns p; ffi-rs passes the real backing store). */
export function addressOf(buffer: ArrayBufferLike): bigint {
  const bytes = Buffer.from(buffer as ArrayBuffer, 0, 0);
  return load({
    library: lib(),
    funcName: 'memset',
    retType: DataType.BigInt,
    paramsType: [DataType.U8Array, DataType.I32, DataType.I64],
    paramsValue: [bytes, 0, 0],
  }) as unknown as bigint;
}
