// Shared by the wasm tests: the demo device's backend output written to a temp dir (once per process),
// and a memfd-backed device window with the generated wrapper instantiated over it.
import { ftruncateSync, mkdirSync, mkdtempSync, writeFileSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assemblyscriptBackend } from '../../compiler/backends/assemblyscript/index.js';
import type { OutputFile } from '../../compiler/backends/backend.js';
import type { IrSpec } from '../../compiler/ir/ir.js';
import { MFD_CLOEXEC } from '../../runtime/ffi/constants.js';
import { memfdCreate } from '../../runtime/ffi/libc.js';
import { createDeviceWindow, mapInto, type DeviceWindow, type WindowMapping } from '../../runtime/window/index.js';
import { demoIr } from './fixtures/demo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const registersImport = path.join(root, 'runtime/registers/index.js');

export interface Generated {
  readonly dir: string;
  readonly files: readonly OutputFile[];
  file(name: string): OutputFile;
}

const cache = new Map<IrSpec, Promise<Generated>>();

export function emit(ir: IrSpec): Promise<OutputFile[]> {
  return assemblyscriptBackend.emit(ir, { version: '0.0.0-test', specName: 'demo.regs', registersImport });
}

/** The backend's output for `ir`, written to a fresh temp dir. */
export function generate(ir: IrSpec = demoIr): Promise<Generated> {
  let g = cache.get(ir);
  if (!g) {
    g = emit(ir).then((files) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'regmill-wasm-'));
      // Generated TypeScript is ESM; without this, tsx would load it (and a second runtime/window) as CommonJS.
      writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
      for (const f of files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.contents);
      }
      return {
        dir,
        files,
        file(name: string): OutputFile {
          const f = files.find((x) => x.path === name);
          if (!f) throw new Error(`no output ${name}`);
          return f;
        },
      };
    });
    cache.set(ir, g);
  }
  return g;
}

/** A memfd of `size` bytes standing in for a BAR or a DMA buffer. */
export function memfd(name: string, size: number): number {
  const fd = memfdCreate(name, MFD_CLOEXEC);
  ftruncateSync(fd, size);
  return fd;
}

export function pread32(fd: number, offset: number): number {
  const b = Buffer.alloc(4);
  readSync(fd, b, 0, 4, offset);
  return b.readUInt32LE(0);
}

export function pwrite32(fd: number, offset: number, value: number): void {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0, 0);
  writeSync(fd, b, 0, 4, offset);
}

// The generated wrapper's class, typed loosely here: the tests call routines by name.
type Routine = (...args: (number | bigint)[]) => number | bigint | void;
export type DemoWasm = Record<string, Routine> & { readonly exports: Record<string, Routine>; readonly window: DeviceWindow };

export interface OpenDemo {
  readonly window: DeviceWindow;
  readonly barFd: number;
  readonly bar: WindowMapping;
  readonly dev: DemoWasm;
  /** A 32-bit view of the BAR through the window (what JS accessors see). */
  readonly u32: Uint32Array;
}

export async function openDemo(options: { shared?: boolean } = {}): Promise<OpenDemo> {
  const g = await generate();
  const mod = (await import(pathToFileURL(path.join(g.dir, 'demo.wasm.ts')).href)) as { DemoWasm: new (w: DeviceWindow, bars: Record<number, WindowMapping>) => DemoWasm };
  const window = createDeviceWindow({ pages: 8, ...(options.shared ? { shared: true } : {}) });
  const barFd = memfd('demo-bar0', 0x1000);
  const bar = mapInto(window, barFd, window.place(0x1000), 0x1000, { what: 'demo BAR 0' });
  const dev = new mod.DemoWasm(window, { 0: bar });
  return { window, barFd, bar, dev, u32: new Uint32Array(window.buffer, bar.offset, 0x400) };
}
