// vm-guest: {"devices": ["e1000e-hub3", "iommu"], "timeoutSec": 600}
// The NIC benchmark's guest side (issue 12, item 6), run by bench/nic/run.ts in one boot: three e1000e
// ports on one QEMU hub (A, B, C by PCI address) and, side by side on the same emulated devices, the
// generator and the forwarder at each batch size through
//   ts     — the generated TypeScript rings (test/vm/guest/nic-port.ts) over VFIO,
//   wasm   — the generated wasm ring routines (not built yet: printed as skipped),
//   c      — the same loops in C against the generated header (bench/nic/nicbench.c) over VFIO,
//   kernel — the guest kernel's e1000e driver: pktgen generates, an AF_PACKET loop forwards
//            (test/vm/tools/rawsock.c; frames/s over wall time, its generator sharing the CPU).
// gen: A sends 60-byte frames to a MAC no port has; fwd: A sends a batch to B, B's forwarder sends it out
// of C to A, A takes it back. fwd frames/s count the forwarder's own time; latency is a frame's time
// from A's tail write to A seeing it back. One line per measurement: NICBENCH {json}.
// Environment: NICBENCH_SECONDS, NICBENCH_WARM, NICBENCH_BATCHES ("1,32,256"), NICBENCH_ROWS.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { device as spec } from '../../generated/e1000e/e1000e.js';
import { bindDriver, findPciDevices, type Binding } from '../../runtime/index.js';
import { writeFrame as writeTestFrame } from '../../examples/nic/frame.js';
import { NicPort } from '../../test/vm/guest/nic-port.js';

const seconds = Number(process.env.NICBENCH_SECONDS ?? 3);
const warm = Number(process.env.NICBENCH_WARM ?? 1);
const batches = (process.env.NICBENCH_BATCHES ?? '1,32,256').split(',').map(Number);
const rows = (process.env.NICBENCH_ROWS ?? 'ts,wasm,c,kernel').split(',');
const FRAME = 60;
/** A MAC no port has: the generator's frames are dropped by B's and C's filters. */
const NOBODY = Uint8Array.from([0x02, 0, 0, 0, 0, 0x01]);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const report = (o: Record<string, unknown>): void => console.log(`NICBENCH ${JSON.stringify(o)}`);

const bdfs = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device }).map((d) => d.bdf).sort();
if (bdfs.length !== 3) throw new Error(`nicbench: three e1000e expected, found ${bdfs.join(', ')}`);
const bindings: Binding[] = bdfs.map((bdf) => bindDriver(bdf, 'vfio-pci'));

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** The TypeScript row: the generated rings through nic-port.ts. */
function tsRow(): void {
  const [a, b, c] = bdfs.map((bdf) => new NicPort(bdf)) as [NicPort, NicPort, NicPort];
  try {
    // Every transmit buffer starts as a test frame; the loops rewrite only destination and sequence number.
    for (const [p, to] of [[a, b], [b, c], [c, a]] as const) {
      for (let s = 0; s < 256; s++) writeTestFrame(p.txBuffers.bytes, s * 2048, FRAME, 0, to.mac, p.mac);
    }
    const sentAt = new Float64Array(1 << 16);
    let seq = 0;
    const gen = (p: NicPort, n: number, dst: Uint8Array, stamp: boolean): number => {
      const t = stamp ? performance.now() : 0;
      return p.send(n, (bytes, at) => {
        bytes.set(dst, at);
        const s = seq++;
        bytes[at + 18] = s >>> 24;
        bytes[at + 19] = (s >>> 16) & 0xff;
        bytes[at + 20] = (s >>> 8) & 0xff;
        bytes[at + 21] = s & 0xff;
        if (stamp) sentAt[s & 0xffff] = t;
        return FRAME;
      });
    };
    for (const batch of batches) {
      // gen
      let end = performance.now() + warm * 1000;
      while (performance.now() < end) gen(a, batch, NOBODY, false);
      let frames = 0;
      const t0 = performance.now();
      end = t0 + seconds * 1000;
      while (performance.now() < end) frames += gen(a, batch, NOBODY, false);
      const s = (performance.now() - t0) / 1000;
      report({ row: 'ts', mode: 'gen', batch, frames, seconds: s, fps: Math.round(frames / s) });
      // fwd
      const samples = new Float64Array(1 << 20);
      let nsamples = 0;
      let fwdFrames = 0;
      let back = 0;
      let fwdMs = 0;
      for (const measured of [false, true]) {
        end = performance.now() + (measured ? seconds : warm) * 1000;
        nsamples = 0;
        while (performance.now() < end) {
          gen(a, batch, b.mac, true);
          const t = performance.now();
          const n = b.forwardTo(c, batch, a.mac);
          const dt = performance.now() - t;
          const now = performance.now();
          const k = a.receive(256, (bytes, at) => {
            if (measured && nsamples < samples.length) {
              const sq = ((bytes[at + 18]! << 24) | (bytes[at + 19]! << 16) | (bytes[at + 20]! << 8) | bytes[at + 21]!) >>> 0;
              samples[nsamples++] = now - sentAt[sq & 0xffff]!;
            }
          });
          if (measured) {
            fwdFrames += n;
            fwdMs += dt;
            back += k;
          }
        }
      }
      for (let i = 0; i < 100; i++) {
        b.forwardTo(c, 256, a.mac);
        a.receive(256, () => {});
        a.reclaim();
        c.reclaim();
      }
      const sorted = samples.subarray(0, nsamples).sort();
      report({
        row: 'ts', mode: 'fwd', batch, frames: fwdFrames, returned: back, seconds: fwdMs / 1000, fps: Math.round(fwdFrames / (fwdMs / 1000)),
        p50us: Math.round(percentile(sorted, 0.5) * 10000) / 10, p99us: Math.round(percentile(sorted, 0.99) * 10000) / 10,
      });
    }
  } finally {
    for (const p of [a, b, c]) p.close();
  }
}

/** The C row: bench/nic/nicbench.c (vfio-pci bound, every device closed by this process). */
function cRow(): void {
  const out = execFileSync('nicbench', [...bdfs, String(warm), String(seconds), ...batches.map(String)], { encoding: 'utf8', timeout: 300_000 });
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
    const fwd = rawsock(['fwd', ifaces[1]!, ifaces[2]!, mac(0), String(seconds), String(batch)], () => ready());
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
    if (row === 'ts') tsRow();
    else if (row === 'c') cRow();
    else if (row === 'kernel') await kernelRow();
    else if (row === 'wasm') report({ row: 'wasm', skipped: 'no wasm ring engine for e1000e yet (examples/nic driver pending)' });
    else report({ row, skipped: 'unknown row' });
  } catch (err) {
    report({ row, error: err instanceof Error ? err.message : String(err) });
  }
  console.log(`nicbench: row ${row} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
for (const b of bindings) b.restore();
