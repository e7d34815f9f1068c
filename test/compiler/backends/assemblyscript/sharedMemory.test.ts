// The shared-memory build is derived from the plain one by rewriting the memory import's limits
// (sharedMemory.ts); these check it is byte for byte what asc's own `--sharedMemory` build gives.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm, emitModule, withSharedMemory, WasmBuildError } from '../../../../compiler/backends/assemblyscript/index.js';
import { CORE_DIR, coreSources } from '../../../../compiler/backends/assemblyscript/core.js';
import { compile } from '../../../../compiler/compile.js';
import type { IrDevice } from '../../../../compiler/ir/ir.js';
import { demoIr } from '../../../fixtures/wasm/demo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

async function bothBuilds(device: IrDevice): Promise<{ plain: Uint8Array; shared: Uint8Array }> {
  const entry = `${device.name}.as.ts`;
  const files = new Map([[entry, emitModule(device, { version: '0.0.0-test', specName: 'x.regs' })], ...[...coreSources()].map(([n, c]) => [`${CORE_DIR}/${n}`, c] as [string, string])]);
  return { plain: await buildWasm(files, entry), shared: await buildWasm(files, entry, { shared: true }) };
}

const devices: [string, () => Promise<IrDevice>][] = [
  ['the demo fixture', async () => demoIr.devices[0]!],
  ['specs/e1000e.regs', async () => {
    const r = await compile({ path: path.join(root, 'specs/e1000e.regs') }, { emit: ['ir'] });
    assert.ok(r.ok, r.format());
    return r.ir!.devices[0]!;
  }],
];

for (const [what, load] of devices) {
  test(`${what}: patched plain build === asc's shared build`, async () => {
    const { plain, shared } = await bothBuilds(await load());
    assert.is.not(Buffer.from(plain).equals(Buffer.from(shared)), 'the two builds differ');
    assert.ok(Buffer.from(withSharedMemory(plain)).equals(Buffer.from(shared)), 'byte for byte');
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(withSharedMemory(plain) as Uint8Array<ArrayBuffer>));
    assert.equal(imports.filter((i) => i.kind === 'memory').map((i) => i.name), ['memory']);
    // It instantiates on a shared memory and not on a plain one.
    const mod = new WebAssembly.Module(withSharedMemory(plain) as Uint8Array<ArrayBuffer>);
    new WebAssembly.Instance(mod, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }) } });
    assert.throws(() => new WebAssembly.Instance(mod, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } }));
  });
}

test('refuses a module with no memory import or an already shared one', async () => {
  const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  assert.throws(() => withSharedMemory(empty), (e: Error) => e instanceof WasmBuildError && /imports no memory/.test(e.message));
  const { shared } = await bothBuilds(demoIr.devices[0]!);
  assert.throws(() => withSharedMemory(shared), (e: Error) => e instanceof WasmBuildError && /already has flags 0x3/.test(e.message));
});

test.run();
