// vm-guest: {"devices": ["e1000e-2hubs", "iommu"], "timeoutSec": 600}
// The NIC benchmark's guest side (issue 12, item 6), run by bench/nic/run.ts in one boot: four e1000e
// ports wired as ixy's set-up is (A, B on hub 0; C, D on hub 1; by PCI address) and, side by side on the
// same emulated devices, the generator and the forwarder at each batch size through
//   ts     — examples/nic's driver (E1000eNic) with the generated TypeScript rings, over VFIO,
//   wasm   — the same driver with the generated wasm ring routines,
//   c      — the same loops in C against the generated header (bench/nic/nicbench.c) over VFIO,
//   kernel — the guest kernel's e1000e driver: pktgen generates, an AF_PACKET loop forwards
//            (test/vm/tools/rawsock.c; frames/s over wall time, its generator sharing the CPU).
// gen: A sends 60-byte frames (examples/nic's Generator; B takes them but nobody polls it); fwd: A's
// generator sends a batch to B, the forwarder (examples/nic's Forwarder) sends them out of C, D takes
// them back. fwd frames/s count the forwarder's own time; latency is a frame's time from A's tail write
// to D's receive. One line per measurement: NICBENCH {json}.
// Environment (bench/nic/run.mjs sets it through the kernel command line): NICBENCH_SECONDS,
// NICBENCH_WARM, NICBENCH_BATCHES ("1,32,256"), NICBENCH_ROWS, NICBENCH_E1000E (kernel module options).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { E1000eNic } from '../../examples/nic/driver.js';
import { Forwarder, Generator } from '../../examples/nic/programs.js';
import type { RingEngine } from '../../examples/nic/api.js';
import { E1000eRegs, device as spec } from '../../generated/e1000e/e1000e.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device } from '../../runtime/index.js';

const seconds = Number(process.env.NICBENCH_SECONDS ?? 3);
const warm = Number(process.env.NICBENCH_WARM ?? 1);
const batches = (process.env.NICBENCH_BATCHES ?? '1,32,256').split(',').map(Number);
const rows = (process.env.NICBENCH_ROWS ?? 'ts,wasm,c,kernel').split(',');
const FRAME = 60;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const report = (o: Record<string, unknown>): void => console.log(`NICBENCH ${JSON.stringify(o)}`);

const bdfs = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device }).map((d) => d.bdf).sort();
if (bdfs.length !== 4) throw new Error(`nicbench: four e1000e expected, found ${bdfs.join(', ')}`);
const bindings: Binding[] = bdfs.map((bdf) => bindDriver(bdf, 'vfio-pci'));

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** The driver rows: examples/nic's E1000eNic on all four ports with one ring engine. */
async function driverRow(engine: RingEngine): Promise<void> {
  const devices: Device[] = [];
  const nics: E1000eNic[] = [];
  try {
    for (const [i, bdf] of bdfs.entries()) {
      const dev = openDevice({ vfio: bdf }, { bars: { 0: E1000eRegs.size }, irq: 'none' });
      devices.push(dev);
      nics.push(await E1000eNic.open(dev, { name: 'ABCD'[i]!, engine }));
    }
    const [a, b, c, d] = nics as [E1000eNic, E1000eNic, E1000eNic, E1000eNic];
    const sentAt = new Float64Array(1 << 16);
    const ids = new Uint32Array(256);
    const lengths = new Uint16Array(256);
    for (const batch of batches) {
      // gen
      const gen = new Generator(a, FRAME, batch);
      let end = performance.now() + warm * 1000;
      while (performance.now() < end) gen.step();
      let frames = 0;
      const t0 = performance.now();
      end = t0 + seconds * 1000;
      while (performance.now() < end) frames += gen.step();
      const s = (performance.now() - t0) / 1000;
      report({ row: engine, mode: 'gen', batch, frames, seconds: s, fps: Math.round(frames / s) });
      // B's ring and QEMU's queue filled while nobody polled it: empty them before forwarding.
      const drain = (): void => {
        for (const n of [b, d]) {
          for (let k = n.rxBatch(ids, lengths); k > 0; k = n.rxBatch(ids, lengths)) n.pool.releaseBatch(ids, k);
        }
      };
      for (let i = 0; i < 100; i++) drain();
      // fwd
      const fwdGen = new Generator(a, FRAME, batch);
      const fwd = new Forwarder(b, c, batch);
      const samples = new Float64Array(1 << 20);
      let nsamples = 0;
      let fwdFrames = 0;
      let fwdMs = 0;
      let back = 0;
      for (const measured of [false, true]) {
        end = performance.now() + (measured ? seconds : warm) * 1000;
        nsamples = 0;
        while (performance.now() < end) {
          const first = fwdGen.sent;
          const t = performance.now();
          const q = fwdGen.step();
          for (let i = 0; i < q; i++) sentAt[(first + i) & 0xffff] = t;
          const f0 = performance.now();
          const before = fwd.forwarded;
          fwd.step();
          const dt = performance.now() - f0;
          const k = d.rxBatch(ids, lengths);
          if (k > 0) {
            const now = performance.now();
            if (measured) {
              const bufs = d.pool.buffers;
              for (let i = 0; i < k && nsamples < samples.length; i++) {
                const f = bufs[ids[i]!]!;
                const sq = ((f[18]! << 24) | (f[19]! << 16) | (f[20]! << 8) | f[21]!) >>> 0;
                samples[nsamples++] = now - sentAt[sq & 0xffff]!;
              }
            }
            d.pool.releaseBatch(ids, k);
          }
          if (measured) {
            fwdFrames += fwd.forwarded - before;
            fwdMs += dt;
            back += k;
          }
        }
      }
      for (let i = 0; i < 100; i++) {
        fwd.step();
        drain();
      }
      const sorted = samples.subarray(0, nsamples).sort();
      report({
        row: engine, mode: 'fwd', batch, frames: fwdFrames, returned: back, dropped: fwd.dropped, seconds: fwdMs / 1000, fps: Math.round(fwdFrames / (fwdMs / 1000)),
        p50us: Math.round(percentile(sorted, 0.5) * 10000) / 10, p99us: Math.round(percentile(sorted, 0.99) * 10000) / 10,
      });
    }
  } finally {
    for (const n of nics) n.close();
    for (const dev of devices) dev.close();
  }
}

/** The C row: bench/nic/nicbench.c (vfio-pci bound, every device closed by this process). */
function cRow(): void {
  const out = execFileSync('nicbench', [...bdfs, String(warm), String(seconds), ...batches.map(String)], { encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of out.split('\n')) if (line.startsWith('NICBENCH ')) console.log(line);
}

/** Runs rawsock and resolves with its result line; `onReady` when it printed "rawsock: ready". */
function rawsock(args: string[], onReady?: () => void): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn('rawsock', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => {
      const had = text.includes('rawsock: ready');
      text += b.toString();
      if (!had && text.includes('rawsock: ready')) onReady?.();
    });
    child.on('error', reject);
    child.on('close', (rc) => {
      const m = /rawsock: (\{.*\})\s*$/m.exec(text);
      if (rc !== 0 || !m) reject(new Error(`rawsock ${args.join(' ')} exited ${rc}: ${text}`));
      else resolve(JSON.parse(m[1]!) as Record<string, number>);
    });
  });
}

/**
 * The kernel's own generator (Documentation/networking/pktgen.rst) on one interface for `seconds`:
 * 64-byte frames on the wire (60 + FCS, as pkt_size counts), `burst` frames per driver call
 * (xmit_more), no limit on the count; `start` blocks its writer, so it runs in a shell we stop.
 */
async function pktgen(iface: string, dst: string, burst: number): Promise<{ frames: number; seconds: number; fps: number }> {
  const pg = (file: string, cmd: string): void => writeFileSync(`/proc/net/pktgen/${file}`, `${cmd}\n`);
  pg('kpktgend_0', 'rem_device_all');
  pg('kpktgend_0', `add_device ${iface}`);
  for (const cmd of ['count 0', 'pkt_size 64', `dst_mac ${dst}`, `burst ${burst}`, 'delay 0']) pg(iface, cmd);
  const run = spawn('sh', ['-c', 'echo start > /proc/net/pktgen/pgctrl'], { stdio: 'inherit' });
  const done = new Promise((r) => run.on('close', r));
  await sleep((seconds + warm) * 1000);
  pg('pgctrl', 'stop');
  await done;
  const text = readFileSync(`/proc/net/pktgen/${iface}`, 'utf8');
  const m = /Result: OK: (\d+)\(c[^)]*\) usec, (\d+) \(/.exec(text);
  if (!m) throw new Error(`pktgen: no result in /proc/net/pktgen/${iface}:\n${text}`);
  const s = Number(m[1]) / 1e6;
  return { frames: Number(m[2]), seconds: s, fps: Math.round(Number(m[2]) / s) };
}

/** The kernel row: vfio-pci gives the ports back, the kernel's e1000e takes them, rawsock loops on them. */
async function kernelRow(): Promise<void> {
  for (const b of bindings.splice(0)) b.restore();
  execFileSync('modprobe', ['e1000e', ...(process.env.NICBENCH_E1000E ?? '').split(/\s+/).filter(Boolean)]);
  const ifaces: string[] = [];
  const deadline = Date.now() + 20_000;
  for (const bdf of bdfs) {
    const dir = `/sys/bus/pci/devices/${bdf}/net`;
    while (!existsSync(dir) || readdirSync(dir).length === 0) {
      if (Date.now() > deadline) throw new Error(`nicbench: no interface for ${bdf}`);
      await sleep(50);
    }
    const name = readdirSync(dir)[0]!;
    const v6 = `/proc/sys/net/ipv6/conf/${name}/disable_ipv6`;
    if (existsSync(v6)) writeFileSync(v6, '1');
    execFileSync('ip', ['link', 'set', 'dev', name, 'up']);
    ifaces.push(name);
  }
  for (const name of ifaces) {
    while (readFileSync(`/sys/class/net/${name}/carrier`, 'utf8').trim() !== '1') {
      if (Date.now() > deadline + 20_000) throw new Error(`nicbench: ${name} has no carrier`);
      await sleep(50);
    }
  }
  const mac = (i: number): string => readFileSync(`/sys/class/net/${ifaces[i]}/address`, 'utf8').trim();
  execFileSync('modprobe', ['pktgen']);
  for (const batch of batches) {
    const g = await pktgen(ifaces[0]!, '02:00:00:00:00:01', batch);
    report({ row: 'kernel', mode: 'gen', batch, ...g, via: 'pktgen' });
    // The forwarder (B → C, to A) with a generator on A at the same batch; frames/s over the forwarder's CPU time.
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const fwd = rawsock(['fwd', ifaces[1]!, ifaces[2]!, mac(3), String(seconds), String(batch)], () => ready());
    await isReady;
    const gen = rawsock(['gen', ifaces[0]!, mac(1), String(seconds + 1), String(batch)]);
    const f = await fwd;
    await gen;
    // Wall time, not the forwarder's CPU time: with the ring full the forwarder spins in sendmmsg retries,
    // so its CPU time says nothing about forwarding work (both are in the JSON).
    report({ row: 'kernel', mode: 'fwd', batch, frames: f.frames, seconds: f.seconds, fps: f.fps, cpuSeconds: f.cpuSeconds, fpsCpu: f.fpsCpu });
  }
}

for (const row of rows) {
  const started = performance.now();
  try {
    if (row === 'ts' || row === 'wasm') await driverRow(row);
    else if (row === 'c') cRow();
    else if (row === 'kernel') await kernelRow();
    else report({ row, skipped: 'unknown row' });
  } catch (err) {
    report({ row, error: err instanceof Error ? err.message : String(err) });
  }
  console.log(`nicbench: row ${row} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
for (const b of bindings) b.restore();
