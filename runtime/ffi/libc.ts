// The libc calls the runtime needs, through ffi-rs. Control plane only: each call costs microseconds,
// so nothing here is on a per-register path (registers go through zero-copy typed arrays, see viewOf).
// ffi-rs is loaded here, on whichever thread imports this first — which must be the main thread: a worker
// that loads ffi-rs when the main thread never did crashes the process at worker exit.
// Every failure throws a SysError naming the errno, the call and the path.
import ffi from 'ffi-rs';
import { SysError, errnoName, permissionHint } from './sys-error.js';
import { SC_PAGESIZE } from './constants.js';

const T = ffi.DataType;
const LIB = 'libc';
ffi.open({ library: LIB, path: 'libc.so.6' });

interface Errno<V> {
  readonly value: V;
  readonly errnoCode: number;
  readonly errnoMessage: string;
}

type Param = (typeof T)[keyof typeof T];

function raw<V>(funcName: string, retType: Param, paramsType: Param[], paramsValue: unknown[]): Errno<V> {
  return ffi.load({ library: LIB, funcName, retType, paramsType, paramsValue, errno: true }) as unknown as Errno<V>;
}

function fail(syscall: string, r: Errno<unknown>, path: string | undefined, hint?: string): never {
  throw new SysError({
    syscall,
    errno: r.errnoCode,
    text: r.errnoMessage,
    ...(path === undefined ? {} : { path }),
    ...(hint === undefined ? {} : { hint }),
  });
}

/** Calls and throws on a -1 return. `what` names the path/object for the error message. */
function checked(syscall: string, what: string | undefined, retType: Param, types: Param[], values: unknown[]): number {
  const r = raw<number>(syscall, retType, types, values);
  if (r.value === -1) fail(syscall, r, what);
  return r.value;
}

/** `hint` overrides the default advice (permissions) for callers that know better (e.g. "is the driver bound?"). */
export function open(path: string, flags: number, mode = 0, hint?: (code: string) => string | undefined): number {
  const r = raw<number>('open', T.I32, [T.String, T.I32, T.I32], [path, flags, mode]);
  if (r.value < 0) {
    const code = errnoName(r.errnoCode);
    fail('open', r, path, hint?.(code) ?? (code === 'EACCES' || code === 'EPERM' ? permissionHint(path) : undefined));
  }
  return r.value;
}

export function close(fd: number, what?: string): void {
  checked('close', what, T.I32, [T.I32], [fd]);
}

export function read(fd: number, buffer: Uint8Array, what?: string, length = buffer.byteLength): number {
  if (length > buffer.byteLength) throw new RangeError(`read: length ${length} exceeds the ${buffer.byteLength}-byte buffer`);
  return checked('read', what, T.I64, [T.I32, T.U8Array, T.I64], [fd, asBuffer(buffer), length]);
}

export function write(fd: number, buffer: Uint8Array, what?: string): number {
  return checked('write', what, T.I64, [T.I32, T.U8Array, T.I64], [fd, asBuffer(buffer), buffer.byteLength]);
}

export function pread(fd: number, buffer: Uint8Array, offset: number, what?: string): number {
  return checked('pread', what, T.I64, [T.I32, T.U8Array, T.I64, T.I64], [fd, asBuffer(buffer), buffer.byteLength, offset]);
}

export function pwrite(fd: number, buffer: Uint8Array, offset: number, what?: string): number {
  return checked('pwrite', what, T.I64, [T.I32, T.U8Array, T.I64, T.I64], [fd, asBuffer(buffer), buffer.byteLength, offset]);
}

export function ftruncate(fd: number, length: number, what?: string): void {
  checked('ftruncate', what, T.I32, [T.I32, T.I64], [fd, length]);
}

/** Returns the mapping's address. */
export function mmap(length: number, prot: number, flags: number, fd: number, offset: number, what?: string, address = 0n): bigint {
  const r = raw<bigint>('mmap', T.BigInt, [T.BigInt, T.I64, T.I32, T.I32, T.I32, T.I64], [address, length, prot, flags, fd, offset]);
  if (r.value === -1n || r.value === 0xffffffffffffffffn) fail('mmap', r, what);
  return r.value;
}

export function munmap(address: bigint, length: number, what?: string): void {
  checked('munmap', what, T.I32, [T.BigInt, T.I64], [address, length]);
}

export function mlock(address: bigint, length: number, what?: string): void {
  const r = raw<number>('mlock', T.I32, [T.BigInt, T.I64], [address, length]);
  if (r.value === -1) {
    fail('mlock', r, what, r.errnoCode === 12 || r.errnoCode === 1
      ? 'the locked-memory limit is too low: raise it with `ulimit -l unlimited` (or LimitMEMLOCK= in a systemd unit) or run as root'
      : undefined);
  }
}

export function munlock(address: bigint, length: number, what?: string): void {
  checked('munlock', what, T.I32, [T.BigInt, T.I64], [address, length]);
}

/** ioctl with a struct argument: `arg` is passed by pointer and the kernel's writes land in it. */
export function ioctl(fd: number, request: number, arg: Uint8Array, what?: string, hint?: string): number {
  const r = raw<number>('ioctl', T.I32, [T.I32, T.U64, T.U8Array], [fd, request, asBuffer(arg)]);
  if (r.value === -1) fail('ioctl', r, what, hint);
  return r.value;
}

/** ioctl with an integer argument (VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU, …). */
export function ioctlInt(fd: number, request: number, arg: number, what?: string, hint?: string): number {
  const r = raw<number>('ioctl', T.I32, [T.I32, T.U64, T.U64], [fd, request, arg]);
  if (r.value === -1) fail('ioctl', r, what, hint);
  return r.value;
}

/** flock(fd, LOCK_EX | LOCK_NB): false when another open file description holds the lock. */
export function flockExclusive(fd: number, what?: string): boolean {
  const r = raw<number>('flock', T.I32, [T.I32, T.I32], [fd, 2 | 4]);
  if (r.value === 0) return true;
  if (errnoName(r.errnoCode) === 'EAGAIN') return false;
  return fail('flock', r, what);
}

export function eventfd(initval: number, flags: number): number {
  return checked('eventfd', undefined, T.I32, [T.U32, T.I32], [initval, flags]);
}

export function memfdCreate(name: string, flags: number): number {
  return checked('memfd_create', name, T.I32, [T.String, T.U32], [name, flags]);
}

export interface PollFd {
  readonly fd: number;
  readonly events: number;
}

/** Encodes struct pollfd[] (int fd; short events; short revents). */
export function encodePollFds(fds: readonly PollFd[]): Buffer {
  const b = Buffer.alloc(8 * fds.length);
  fds.forEach((p, i) => {
    b.writeInt32LE(p.fd, 8 * i);
    b.writeInt16LE(p.events, 8 * i + 4);
  });
  return b;
}

/** revents of entry i after poll returned. */
export function revents(pollfds: Buffer, i: number): number {
  return pollfds.readUInt16LE(8 * i + 6);
}

export function poll(pollfds: Buffer, timeoutMs: number): number {
  return checked('poll', undefined, T.I32, [T.U8Array, T.U64, T.I32], [pollfds, pollfds.byteLength / 8, timeoutMs]);
}

/**
 * poll(2) on a native thread so the event loop keeps running; the kernel's revents land in `pollfds`.
 * A pending call keeps the process alive and blocks process exit until it returns: always pair it with a
 * wake-up fd you can write to.
 */
export async function pollAsync(pollfds: Buffer, timeoutMs: number): Promise<number> {
  for (;;) {
    const r = await pollOnThread(pollfds, timeoutMs);
    // A signal (SIGCHLD from a child process, say) interrupts poll even under SA_RESTART: just poll again.
    if (r.value === -1 && errnoName(r.errnoCode) === 'EINTR') continue;
    if (r.value === -1) fail('poll', r, undefined);
    return r.value;
  }
}

async function pollOnThread(pollfds: Buffer, timeoutMs: number): Promise<Errno<number>> {
  return (await ffi.load({
    library: LIB,
    funcName: 'poll',
    retType: T.I32,
    paramsType: [T.U8Array, T.U64, T.I32],
    paramsValue: [pollfds, pollfds.byteLength / 8, timeoutMs],
    errno: true,
    runInNewThread: true,
  })) as unknown as Errno<number>;
}

let cachedPageSize: number | undefined;
export function pageSize(): number {
  cachedPageSize ??= raw<number>('sysconf', T.I64, [T.I32], [SC_PAGESIZE]).value;
  return cachedPageSize;
}

/** The address of a typed array's first byte (memset(p, 0, 0) returns p). */
export function addressOf(view: ArrayBufferView): bigint {
  if (view.byteLength === 0) throw new RangeError('addressOf needs a non-empty view');
  const b = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  return ffi.load({ library: LIB, funcName: 'memset', retType: T.BigInt, paramsType: [T.U8Array, T.I32, T.I64], paramsValue: [b, 0, 0] }) as unknown as bigint;
}

/**
 * A Buffer over `length` bytes at `address`, without copying (ffi-rs createExternalBuffer). The caller
 * owns the memory: munmap it when done and drop the view. Call assertZeroCopy() once before trusting it.
 */
export function viewOf(address: bigint, length: number): Buffer {
  // memmove(p, p, 0) returns p as an External, which createExternalBuffer needs.
  const external = ffi.load({ library: LIB, funcName: 'memmove', retType: T.External, paramsType: [T.BigInt, T.BigInt, T.I64], paramsValue: [address, address, 0] });
  return ffi.createExternalBuffer(external as ffi.JsExternal, length);
}

function asBuffer(view: Uint8Array): Buffer {
  return Buffer.isBuffer(view) ? view : Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
