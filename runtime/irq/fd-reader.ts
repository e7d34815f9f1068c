// Fixed-size reads from a pollable fd (eventfd, /dev/uioN) on the main event loop: the fd is opened as a
// libuv stream, so libuv's own epoll reports it readable and reads it straight into our buffer — no
// thread, no hop between threads, no libuv threadpool slot held while waiting. Measured on this machine
// (bench/irq) this wake-up is 2–3× faster than poll(2) on an ffi-rs thread, whose await also occupied one
// of the 4 threadpool threads per waiting device (fs, dns and crypto stalled once four devices waited).
//
// Node exposes no public way to open an arbitrary fd as a stream (net.Socket refuses fds whose type it
// cannot guess, and an eventfd is an anonymous inode), so this uses the Pipe handle from
// process.binding('pipe_wrap'), which is on Node's allowlist for process.binding. `useUserBuffer` makes
// libuv read exactly `size` bytes, which /dev/uioN requires (any other length is EINVAL).
import { getSystemErrorName } from 'node:util';
import { SysError } from '../ffi/sys-error.js';

/** The part of Node's internal Pipe handle used here (pipe_wrap + StreamBase). */
interface PipeHandle {
  open(fd: number): number;
  readStart(): number;
  readStop(): number;
  useUserBuffer(buffer: Uint8Array): void;
  close(callback?: () => void): void;
  unref(): void;
  onread: (arrayBuffer: ArrayBuffer | undefined) => void;
}

interface Bindings {
  readonly Pipe: new (type: number) => PipeHandle;
  readonly socketType: number;
  /** Where StreamBase leaves the byte count (or negative errno) of the read that called onread. */
  readonly state: Int32Array;
  readonly readIndex: number;
}

let bindings: Bindings | undefined;

function load(): Bindings {
  if (bindings) return bindings;
  // Not in @types/node any more (deprecated for userland, DEP0111), but present and allowlisted in Node 20.
  const binding = (process as unknown as { binding(name: string): unknown }).binding.bind(process);
  const pipe = binding('pipe_wrap') as { Pipe?: Bindings['Pipe']; constants?: { SOCKET?: number } };
  const stream = binding('stream_wrap') as { streamBaseState?: Int32Array; kReadBytesOrError?: number };
  if (typeof pipe.Pipe !== 'function' || pipe.constants?.SOCKET === undefined || !stream.streamBaseState || stream.kReadBytesOrError === undefined) {
    throw new Error(`this Node.js (${process.version}) lacks the pipe_wrap/stream_wrap bindings the interrupt path needs (Node 20 has them)`);
  }
  bindings = { Pipe: pipe.Pipe, socketType: pipe.constants.SOCKET, state: stream.streamBaseState, readIndex: stream.kReadBytesOrError };
  return bindings;
}

function sysError(errno: number, syscall: string, label: string): SysError {
  // libuv errors are negative errnos on Linux; getSystemErrorName gives the name, SysError the number back.
  const name = getSystemErrorName(errno);
  return new SysError({ syscall, errno: -errno, path: label, text: name });
}

export interface FdReaderInit {
  readonly fd: number;
  /** Bytes per read: 8 for an eventfd counter, 4 for the UIO event total. */
  readonly size: number;
  readonly label: string;
  /** One successful read; `bytes` is only valid during the call. */
  readonly onRecord: (bytes: Buffer, length: number) => void;
  /** A failed read (or EOF); reading has stopped. */
  readonly onError: (error: Error) => void;
  /** A read found nothing (EAGAIN): libuv ends every burst of reads with one, in the same loop turn. */
  readonly onDrained?: () => void;
  /** false: a started reader does not keep the process alive (a background watch). Default true. */
  readonly keepAlive?: boolean;
}

/**
 * Owns `fd` from construction on: close() closes it. Reading happens only between start() and stop(),
 * and only a started reader keeps the process alive (like a listening server).
 */
export class FdReader {
  private readonly handle: PipeHandle;
  private readonly buf: Buffer;
  private reading = false;
  private closed = false;

  constructor(private readonly init: FdReaderInit) {
    const b = load();
    this.buf = Buffer.alloc(init.size);
    this.handle = new b.Pipe(b.socketType);
    const err = this.handle.open(init.fd);
    if (err < 0) {
      this.handle.close();
      throw sysError(err, 'uv_pipe_open', init.label);
    }
    this.handle.useUserBuffer(this.buf);
    if (init.keepAlive === false) this.handle.unref();
    // Returns nothing, whatever the callbacks return: with a user buffer, Node takes a value returned
    // from onread as the next buffer to read into, and aborts the process when it is not a Buffer.
    this.handle.onread = () => {
      const n = b.state[b.readIndex]!;
      if (n > 0) {
        init.onRecord(this.buf, n);
      } else if (n === 0) {
        init.onDrained?.(); // EAGAIN inside libuv
      } else {
        this.reading = false; // libuv stopped the handle
        init.onError(n === -4095 ? new Error(`read ${init.label}: end of file (not an eventfd or UIO device?)`) : sysError(n, 'read', init.label));
      }
    };
  }

  get active(): boolean {
    return this.reading;
  }

  start(): void {
    if (this.reading || this.closed) return;
    const err = this.handle.readStart();
    if (err < 0) throw sysError(err, 'uv_read_start', this.init.label);
    this.reading = true;
  }

  stop(): void {
    if (!this.reading) return;
    this.reading = false;
    this.handle.readStop();
  }

  /** Stops reading and closes the fd (synchronously: libuv closes it inside uv_close). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.stop();
    this.closed = true;
    this.handle.close();
  }
}
