import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, writeTree } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function fixture() {
  const sys = path.join(tempDir('regmill-signal-'), 'sys');
  const PCI = 'devices/pci0000:00/0000:00:04.0';
  writeTree(sys, {
    [`${PCI}/resource0`]: Buffer.alloc(4096),
    [`${PCI}/config`]: Buffer.alloc(256),
    'bus/pci/devices/0000:00:04.0': { link: `../../../${PCI}` },
  });
  return { sysfsRoot: sys, config: path.join(sys, PCI, 'config') };
}

/** Starts a driver that opens the fixture device (setting PCI_COMMAND bits) and idles; `extra` runs after open. */
async function driver(sysfsRoot: string, extra = '') {
  const code = `import { openDevice } from ${JSON.stringify(path.join(root, 'runtime/open-device.ts'))};
    openDevice({ resource: '0000:00:04.0' }, { bars: { 0: 4096 }, sysfsRoot: ${JSON.stringify(sysfsRoot)} });
    ${extra}
    console.log('ready'); setTimeout(() => {}, 30000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => ((out += b.toString()), out.includes('ready') && resolve()));
    child.on('exit', (c) => reject(new Error(`driver exited ${c}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, out: () => out };
}

const command = (config: string) => readFileSync(config).readUInt16LE(4);

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  test(`${signal} with no handler of the program's: every device is closed (PCI_COMMAND restored), then the process dies of ${signal}`, async () => {
    const f = fixture();
    const d = await driver(f.sysfsRoot);
    assert.is(command(f.config), 0x6, 'open set memory decoding and bus mastering');
    d.child.kill(signal);
    const r = await d.exited;
    assert.equal(r, { code: null, signal });
    assert.is(command(f.config), 0, 'PCI_COMMAND as it was before open');
  });
}

test("a program with its own SIGTERM handler decides; its exit still closes the devices", async () => {
  const f = fixture();
  const d = await driver(f.sysfsRoot, "process.on('SIGTERM', () => { console.log('own handler'); process.exit(3); });");
  d.child.kill('SIGTERM');
  const r = await d.exited;
  assert.equal(r, { code: 3, signal: null });
  assert.match(d.out(), /own handler/);
  assert.is(command(f.config), 0);
});

test('SIGKILL cannot be caught: PCI_COMMAND stays as the driver left it (regmill doctor reports it)', async () => {
  const f = fixture();
  const d = await driver(f.sysfsRoot);
  d.child.kill('SIGKILL');
  assert.equal(await d.exited, { code: null, signal: 'SIGKILL' });
  assert.is(command(f.config), 0x6);
});

test.run();
