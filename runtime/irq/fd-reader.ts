// Fixed-size reads from a pollable fd (eventfd, /dev/uioN), handed to callbacks on the main event loop.
//
// Normally through the fdwatch addon (runtime/native/fdwatch.c): a libuv poll handle on the main loop,
// so libuv's own epoll reports the fd readable and the addon reads it straight into our buffer — no
// thread, no hop between threads, no threadpool slot held while waiting. That is the structure of the
// reader this replaces (a Pipe handle from Node's internal pipe_wrap binding, deprecated for userland as
// DEP0111, absent from @types/node and refused under Node's permission model), on public, ABI-stable
// APIs only.
//
// Without the addon (no C compiler at install time, or REGMILL_NO_NATIVE=1) the same interface runs
// poll(2) on an ffi-rs thread, with a private eventfd to end a pending poll on stop(), and reads on the
// main loop. bench/irq measured that path 2–3× slower to wake than the main-loop one, and each waiting
// device then holds one of libuv's 4 threadpool threads.
import { getSystemErrorName } from 'node:util';
import { EFD_CLOEXEC, EFD_NONBLOCK, POLLIN } from '../ffi/constants.js';
import * as libc from '../ffi/libc.js';
import { SysError } from '../ffi/sys-error.js';
import { loadAddon } from '../native/addons.js';

/** runtime/native/fdwatch.c */
interface FdWatch {
  watch(fd: number, buffer: Buffer, onRead: (n: number) => void): object;
  start(handle: object): void;
  stop(handle: object): void;
  close(handle: object): void;
  unref(handle: object): void;
  /** One non-blocking read(2): bytes read, or -errno (absent from an addon built before it was added). */
  readNow?(fd: number, buffer: Buffer, length: number): number;
  /** JS read the fd empty itself during a read callback: that burst ends without its next read (absent from older builds). */
  emptied?(handle: object): void;
}

let addon: { readonly watch?: FdWatch; readonly reason?: string } | undefined;

/** The addon, or why it is not used (the fallback is then in effect). */
export function fdWatchAddon(): { readonly watch?: FdWatch; readonly reason?: string } {
  if (addon) return addon;
  const a = loadAddon<FdWatch>('fdwatch');
  addon = a.addon ? { watch: a.addon } : { reason: a.reason };
  return addon;
}

const UV_EOF = -4095;

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
  /** A read found nothing (EAGAIN): every burst of reads ends with one, in the same loop turn. */
  readonly onDrained?: () => void;
  /** false: a started reader does not keep the process alive (a background watch). Default true. */
  readonly keepAlive?: boolean;
}

interface Engine {
  start(): void;
  stop(): void;
  close(): void;
  emptied?(): void;
}

/**
 * Owns `fd` from construction on: close() closes it. Reading happens only between start() and stop(),
 * and only a started reader keeps the process alive (like a listening server).
 */
export class FdReader {
  private readonly buf: Buffer;
  private readonly engine: Engine;
  private reading = false;
  private closed = false;

  constructor(init: FdReaderInit) {
    this.buf = Buffer.alloc(init.size);
    const fail = (n: number): void => {
      this.reading = false; // the watch has stopped
      init.onError(n === UV_EOF ? new Error(`read ${init.label}: end of file (not an eventfd or UIO device?)`) : sysError(n, 'read', init.label));
    };
    const onRead = (n: number): void => {
      if (n > 0) init.onRecord(this.buf, n);
      else if (n === 0) init.onDrained?.();
      else fail(n);
    };
    const w = fdWatchAddon().watch;
    this.engine = (w && addonEngine(w, init, this.buf, onRead)) || new PollThreadEngine(init, this.buf, onRead);
  }

  get active(): boolean {
    return this.reading;
  }

  start(): void {
    if (this.reading || this.closed) return;
    this.engine.start();
    this.reading = true;
  }

  stop(): void {
    if (!this.reading) return;
    this.reading = false;
    this.engine.stop();
  }

  /**
   * The caller has just read the fd and found it empty (a wait's pending check). Made from inside a read
   * callback, it ends that burst of reads without the read that would only find EAGAIN again (and without
   * its onDrained): the watch stays on and the fd's readiness is reported afresh. Otherwise a no-op.
   */
  emptied(): void {
    if (this.reading) this.engine.emptied?.();
  }

  /** Stops reading and closes the fd. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.stop();
    this.closed = true;
    this.engine.close();
  }
}

/** The addon's watch, or undefined for an fd epoll cannot watch (EPERM: a regular file, as in test fixtures). */
function addonEngine(w: FdWatch, init: FdReaderInit, buf: Buffer, onRead: (n: number) => void): Engine | undefined {
  let handle: object;
  try {
    handle = w.watch(init.fd, buf, onRead);
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (errno === -1 /* UV_EPERM */) return undefined;
    throw errno === undefined ? error : sysError(errno < 0 ? errno : -errno, (error as Error).message, init.label);
  }
  if (init.keepAlive === false) w.unref(handle);
  return {
    start: () => {
      try {
        w.start(handle);
      } catch (error) {
        const errno = (error as { errno?: number }).errno;
        throw errno === undefined ? error : sysError(errno, 'uv_poll_start', init.label);
      }
    },
    stop: () => w.stop(handle),
    close: () => w.close(handle),
    emptied: w.emptied && (() => w.emptied!(handle)),
  };
}

/** The fallback: poll(2) on an ffi-rs thread (fd and a wake-up eventfd), reads on the main loop. */
class PollThreadEngine implements Engine {
  private readonly wake: number;
  private readonly fds: Buffer;
  private running = false;
  private polling = false;
  private closeWhenIdle = false;
  private readonly one = Buffer.alloc(8);
  private readonly scratch = Buffer.alloc(8);
  private draining = false;
  private skipRest = false;

  constructor(
    private readonly init: FdReaderInit,
    private readonly buf: Buffer,
    private readonly onRead: (n: number) => void,
  ) {
    this.wake = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    this.fds = libc.encodePollFds([
      { fd: init.fd, events: POLLIN },
      { fd: this.wake, events: POLLIN },
    ]);
    this.one.writeBigUInt64LE(1n);
  }

  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.running = true;
    // A background watch (keepAlive false) must not hold the process: a pending threaded poll would,
    // so it checks with a zero-timeout poll on an unref'd timer instead.
    if (this.init.keepAlive === false) this.timer ??= setInterval(() => this.check(), 50).unref();
    else {
      // A pending ffi-rs call does not keep the loop alive; a started reader must, so a ref'd timer does.
      this.timer ??= setInterval(() => {}, 1 << 30);
      if (!this.polling) void this.loop();
    }
  }

  private check(): void {
    try {
      if (libc.poll(this.fds, 0) > 0 && libc.revents(this.fds, 0) !== 0) this.drain();
    } catch (error) {
      this.stop();
      const errno = (error as { errno?: number }).errno;
      this.onRead(errno === undefined ? -5 : -Math.abs(errno));
    }
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.polling) libc.write(this.wake, this.one, 'irq reader wake-up eventfd');
  }

  close(): void {
    this.stop();
    if (this.polling) this.closeWhenIdle = true;
    else this.release();
  }

  private release(): void {
    libc.close(this.init.fd, this.init.label);
    libc.close(this.wake, 'irq reader wake-up eventfd');
  }

  private async loop(): Promise<void> {
    this.polling = true;
    try {
      while (this.running) {
        await libc.pollAsync(this.fds, -1);
        if (libc.revents(this.fds, 1) !== 0) libc.read(this.wake, this.scratch, 'irq reader wake-up eventfd');
        if (!this.running) break;
        if (libc.revents(this.fds, 0) !== 0) this.drain();
      }
    } catch (error) {
      this.running = false;
      const errno = (error as { errno?: number }).errno;
      this.onRead(errno === undefined ? -5 : -Math.abs(errno));
    } finally {
      this.polling = false;
      if (this.closeWhenIdle) this.release();
    }
  }

  /** As the addon: the drain in progress stops before its next read. */
  emptied(): void {
    if (this.draining) this.skipRest = true;
  }

  /** Reads records until EAGAIN (or emptied()), as the addon does. */
  private drain(): void {
    this.draining = true;
    this.skipRest = false;
    try {
      this.drainRecords();
    } finally {
      this.draining = this.skipRest = false;
    }
  }

  private drainRecords(): void {
    while (this.running && !this.skipRest) {
      let n: number;
      try {
        n = libc.read(this.init.fd, this.buf, this.init.label, this.init.size);
      } catch (error) {
        if ((error as { code?: string }).code === 'EAGAIN') {
          this.onRead(0);
          return;
        }
        throw error;
      }
      if (n === 0) {
        this.running = false;
        this.onRead(UV_EOF);
        return;
      }
      this.onRead(n);
    }
  }
}
