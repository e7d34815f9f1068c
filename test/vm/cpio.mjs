// A streaming writer for the cpio "newc" format, the only one the kernel's initramfs unpacker reads.
// Written here rather than shelling out to cpio(1) so the archive needs no staging directory, can hold
// device nodes without mknod, and is byte-for-byte reproducible (fixed uid/gid/mtime).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

export class CpioWriter {
  /** @param {string} path archive to create (truncated) */
  constructor(path) {
    this.path = path;
    this.fd = openSync(path, 'w');
    this.ino = 1;
    this.size = 0;
    /** @type {Set<string>} directories already in the archive (the unpacker does not create parents) */
    this.dirs = new Set(['', '.']);
  }

  /** @param {string} name @param {number} mode @param {Uint8Array} data @param {number} [rdevMajor] @param {number} [rdevMinor] */
  #entry(name, mode, data, rdevMajor = 0, rdevMinor = 0) {
    const nameBytes = Buffer.from(`${name}\0`);
    const fields = [this.ino++, mode, 0, 0, 1, 0, data.length, 0, 0, rdevMajor, rdevMinor, nameBytes.length, 0];
    const header = `070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`;
    this.#write(Buffer.from(header, 'ascii'));
    this.#write(nameBytes);
    this.#pad();
    if (data.length > 0) {
      this.#write(data);
      this.#pad();
    }
  }

  /** @param {Uint8Array} bytes */
  #write(bytes) {
    writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  #pad() {
    const rest = (4 - (this.size % 4)) % 4;
    if (rest > 0) this.#write(Buffer.alloc(rest));
  }

  /** Archive paths are relative ("usr/bin/node"); leading slashes are dropped. */
  /** @param {string} path */
  #norm(path) {
    const p = path.replace(/^\/+/, '').replace(/\/+$/, '');
    if (p === '' || p.split('/').some((c) => c === '..' || c === '')) throw new Error(`cpio: bad archive path '${path}'`);
    return p;
  }

  /** @param {string} path */
  #parents(path) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) this.dir(parts.slice(0, i).join('/'));
  }

  /** @param {string} path @param {number} [mode] */
  dir(path, mode = 0o755) {
    const p = this.#norm(path);
    if (this.dirs.has(p)) return;
    this.#parents(p);
    this.dirs.add(p);
    this.#entry(p, S_IFDIR | mode, Buffer.alloc(0));
  }

  /** @param {string} path @param {Uint8Array | string} data @param {number} [mode] */
  file(path, data, mode = 0o644) {
    const p = this.#norm(path);
    this.#parents(p);
    this.#entry(p, S_IFREG | mode, typeof data === 'string' ? Buffer.from(data) : data);
  }

  /** Copies a host file's bytes (symlinks followed) under a new archive path. */
  /** @param {string} path @param {string} hostPath @param {number} mode */
  copy(path, hostPath, mode) {
    this.file(path, readFileSync(hostPath), mode);
  }

  /** @param {string} path @param {string} target */
  symlink(path, target) {
    const p = this.#norm(path);
    this.#parents(p);
    this.#entry(p, S_IFLNK | 0o777, Buffer.from(target));
  }

  /** @param {string} path @param {number} major @param {number} minor @param {number} [mode] */
  charDevice(path, major, minor, mode = 0o600) {
    const p = this.#norm(path);
    this.#parents(p);
    this.#entry(p, S_IFCHR | mode, Buffer.alloc(0), major, minor);
  }

  /** Writes the trailer and closes the file; returns the archive size in bytes. */
  close() {
    this.#entry('TRAILER!!!', 0, Buffer.alloc(0));
    // Pad to 512 bytes like cpio(1) does, so concatenated archives start on a block boundary.
    const rest = (512 - (this.size % 512)) % 512;
    if (rest > 0) this.#write(Buffer.alloc(rest));
    closeSync(this.fd);
    return this.size;
  }
}
