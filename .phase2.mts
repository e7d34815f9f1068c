import asc from 'assemblyscript/asc';
import binaryen from 'binaryen';
import { compile } from '/work/wt/i13-compile/compiler/compile.ts';
import { emitModule } from '/work/wt/i13-compile/compiler/backends/assemblyscript/emitModule.ts';
import { CORE_DIR, coreSources } from '/work/wt/i13-compile/compiler/backends/assemblyscript/core.ts';
const r = await compile({ path: process.argv[2] }, { emit: ['ir'] });
const dev = r.ir!.devices[0]!;
let t = performance.now();
const src = emitModule(dev, { version: 'x', specName: 'x' });
const files = new Map([['m.as.ts', src], ...[...coreSources()].map(([n, c]) => [`${CORE_DIR}/${n}`, c] as [string, string])]);
console.log('emit', (performance.now() - t).toFixed(0), 'routines', src.match(/^export function/gm)!.length);
t = performance.now();
let wasm: Uint8Array | undefined;
await asc.main(['m.as.ts', '-O0', '--importMemory', '--noExportMemory', '--runtime', 'stub', '--enable', 'threads', '--disable', 'bulk-memory', '--use', 'abort=', '--outFile', 'out.wasm'], {
  stdout: asc.createMemoryStream(), stderr: asc.createMemoryStream(),
  readFile: (n: string) => files.get(n.replace(/^\.\//, '')) ?? null,
  writeFile: (n: string, c: any) => { if (n.endsWith('.wasm')) wasm = c; }, listFiles: () => [],
});
console.log('asc', (performance.now() - t).toFixed(0));
t = performance.now();
const mod = binaryen.readBinary(wasm!);
mod.setFeatures(binaryen.Features.MVP | binaryen.Features.Atomics | binaryen.Features.MutableGlobals | binaryen.Features.SignExt);
binaryen.setOptimizeLevel(Number(process.env.OL ?? 3)); binaryen.setShrinkLevel(0); binaryen.addPassToSkip('local-cse');
mod.optimize();
console.log('binaryen', (performance.now() - t).toFixed(0));
const out = mod.emitBinary();
console.log('bytes', wasm!.length, out.length, 'rss MiB', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
