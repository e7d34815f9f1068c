// The NVMe benchmark's guest side (bench/nvme/run.ts boots it; one boot, every row): QEMU's NVMe
// controller first driven by the guest kernel's nvme driver (row e, O_DIRECT reads through Linux AIO),
// then unbound from it and bound to vfio-pci for the userspace rows: this driver polled (a: TypeScript,
// b: wasm), this driver on MSI-X (c), and the C loop over the generated header (d). 4 KiB random reads at
// each QD; every read's data is checked against the image pattern (a wrong block counts as `bad`).
//
// Each result is one `REGMILL-BENCH {json}` line on the console; errors are rows with an `error`.
// Parameters come from bin/params.json next to this file (written by run.ts).
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NvmeRegs, SqeRw } from '../../generated/nvme/nvme.js';
import { bindDriver, findPciDevices, openDevice } from '../../runtime/index.js';
import { NvmeDriver } from '../../examples/nvme/controller.js';
import { ReadLoop } from './ts-loop.js';
import type { RowResult } from './stats.js';
import { profileEntry, profileHeader } from './profile.js';

interface Params {
  /** Every row starts with this many unreported seconds at its largest QD (V8's tiers; caches). */
  readonly rowWarmSeconds: number;
  /** Then per QD: this many unmeasured seconds, then `seconds` measured. */
  readonly warmSeconds: number;
  readonly seconds: number;
  readonly qds: readonly number[];
  readonly patternSeed: number;
  readonly randomSeed: number;
  readonly rows: readonly string[];
  /**
   * Rounds per boot: every round runs each row once (kernel, then the userspace rows), so a change in the
   * host's load hits every row alike; the controller is rebound to the nvme driver for each round's kernel row.
   */
  readonly rounds: number;
  /** Rows to run under V8's sampling profiler (its top functions by self time are printed). */
  readonly profile?: readonly string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, 'bin');
const params = JSON.parse(readFileSync(path.join(bin, 'params.json'), 'utf8')) as Params;
const emit = (r: (RowResult & { round?: number }) | { row: string; qd?: number; round?: number; error?: string; note?: string; info?: Record<string, unknown> }): void =>
  console.log(`REGMILL-BENCH ${JSON.stringify(r)}`);
const sh = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const found = findPciDevices({ vendor: 0x1b36, device: 0x0010 });
if (found.length !== 1) throw new Error(`expected one QEMU NVMe controller, found ${found.length}`);
const bdf = found[0]!.bdf;
const group = path.basename(readlinkSync(`/sys/bus/pci/devices/${bdf}/iommu_group`));
const domainType = (() => {
  try {
    return readFileSync(`/sys/kernel/iommu_groups/${group}/type`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
})();
emit({ row: 'info', info: { bdf, iommuGroup: group, kernelDomainType: domainType, cmdline: readFileSync('/proc/cmdline', 'utf8').trim(), params } });

// ---- e: the kernel's nvme driver ---------------------------------------------------------------------
async function kernelRow(round: number, rowWarm: number): Promise<void> {
  if (round === 1) {
    const m = sh('modprobe', 'nvme');
    if (m.status !== 0) throw new Error(`modprobe nvme: ${m.stderr.trim()}`);
  } else bindKernelDriver();
  let dev = '';
  for (let i = 0; i < 600 && !dev; i++) {
    const names = existsSync('/sys/block') ? readdirSync('/sys/block').filter((n) => /^nvme\d+n1$/.test(n)) : [];
    if (names.length > 0 && existsSync(`/dev/${names[0]}`)) dev = `/dev/${names[0]}`;
    else await sleep(50);
  }
  if (!dev) throw new Error('the nvme driver created no namespace block device within 30 s');
  const blocks = Number(readFileSync(`/sys/block/${path.basename(dev)}/size`, 'utf8').trim()); // 512-byte sectors
  const queues = readdirSync(`/sys/block/${path.basename(dev)}/mq`).length;
  if (round === 1) emit({ row: 'info', info: { kernelDevice: dev, sectors: blocks, blkMqQueues: queues, scheduler: readFileSync(`/sys/block/${path.basename(dev)}/queue/scheduler`, 'utf8').trim() } });
  const maxQd = String(Math.max(...params.qds));
  if (rowWarm > 0) {
    const w = sh(path.join(bin, 'kernel-aio'), dev, maxQd, '0', String(rowWarm), String(params.patternSeed), String(blocks), String(params.randomSeed));
    if (w.status !== 0) throw new Error(`kernel-aio (warm-up) exited ${w.status ?? w.signal}: ${w.stderr.trim()}`);
  }
  for (const qd of params.qds) {
    const r = sh(path.join(bin, 'kernel-aio'), dev, String(qd), String(params.warmSeconds), String(params.seconds), String(params.patternSeed), String(blocks), String(params.randomSeed));
    if (r.status !== 0 || !r.stdout.trim()) emit({ row: 'kernel', qd, round, error: `kernel-aio exited ${r.status ?? r.signal}: ${r.stderr.trim()}` });
    else emit({ ...(JSON.parse(r.stdout.trim()) as RowResult), round });
  }
}

/** Back from vfio-pci to the kernel's nvme driver (the sysfs steps bindDriver() takes the other way). */
function bindKernelDriver(): void {
  const sys = `/sys/bus/pci/devices/${bdf}`;
  writeFileSync(`${sys}/driver_override`, 'nvme');
  if (existsSync(`${sys}/driver`)) writeFileSync(`${sys}/driver/unbind`, bdf);
  writeFileSync('/sys/bus/pci/drivers_probe', bdf);
  const now = existsSync(`${sys}/driver`) ? path.basename(readlinkSync(`${sys}/driver`)) : 'none';
  if (now !== 'nvme') throw new Error(`rebinding ${bdf} to nvme did not take: it is bound to ${now}`);
}

// ---- a, b, c: this driver polled (TypeScript or wasm engine), or on MSI-X ------------------------------
async function driverRows(row: 'ts' | 'wasm' | 'irq', round: number, rowWarm: number): Promise<void> {
  const interrupts = row === 'irq';
  const dev = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
  // 'wasm': the generated submitBatch$sq$rw/reapBatch$cq routines in a device window build the entries and reap.
  const drv = new NvmeDriver(dev, { interrupts, queueDepth: 64, engine: row === 'wasm' ? 'wasm' : 'ts' });
  try {
    await drv.enable();
    const ns = await drv.identifyNamespace(1);
    await drv.setNumberOfQueues(1);
    await drv.createIoQueuePair(1);
    const maxQd = Math.max(...params.qds);
    const blocks = Number(ns.blocks);
    const loop = new ReadLoop(drv, 1, maxQd, blocks, ns.lbaSize, params.patternSeed >>> 0, params.randomSeed);
    if (row === 'wasm' && round === 1) emit({ row, note: `doorbells written by ${drv.wasmDoorbell === 'wasm' ? 'the wasm routines (BAR 0 mapped into the window)' : 'one TS accessor write per batch (BAR 0 not mappable)'}` });
    try {
      const run = (qd: number, warm: number, seconds: number) => (interrupts ? loop.interruptDriven(qd, warm, seconds) : Promise.resolve(loop.polled(qd, warm, seconds)));
      if (rowWarm > 0) {
        const warm = await run(maxQd, 0, rowWarm);
        if (warm.bad > 0) throw new Error(`${warm.bad} warm-up reads did not return the image pattern`);
      }
      for (const qd of params.qds) emit({ ...(await run(qd, params.warmSeconds, params.seconds)), row, round });
    } finally {
      loop.close();
    }
    await drv.shutdown();
  } finally {
    drv.close();
    dev.close();
  }
}

// ---- micro: what the pieces of the TypeScript hot path cost in this guest (--rows micro) ----------
async function microRow(): Promise<void> {
  const dev = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
  const drv = new NvmeDriver(dev, { queueDepth: 64 });
  try {
    await drv.enable();
    await drv.setNumberOfQueues(1);
    const qp = await drv.createIoQueuePair(1);
    const page = drv.pool.data(4096);
    const view = new SqeRw(page.mmio, 0);
    const N = 20000;
    const time = (name: string, fn: (i: number) => void) => {
      for (let i = 0; i < 2000; i++) fn(i);
      const t = performance.now();
      for (let i = 0; i < N; i++) fn(i);
      emit({ row: 'micro', note: `${name}: ${(((performance.now() - t) * 1e6) / N).toFixed(0)} ns` });
    };
    let sink = 0;
    emit({ row: 'micro', note: `clocksource ${readFileSync('/sys/devices/system/clocksource/clocksource0/current_clocksource', 'utf8').trim()} (available: ${readFileSync('/sys/devices/system/clocksource/clocksource0/available_clocksource', 'utf8').trim()})` });
    for (let round = 1; round <= 6; round++) time(`JS arithmetic (x = (x * 31) ^ i), round ${round}`, (i) => void (sink = (Math.imul(sink | 0, 31) ^ i) | 0));
    {
      const t = performance.now();
      let x = 0;
      for (let i = 0; i < 10_000_000; i++) x = (Math.imul(x, 31) ^ i) | 0;
      emit({ row: 'micro', note: `inline arithmetic loop: ${(((performance.now() - t) * 1e6) / 1e7).toFixed(1)} ns per iteration (${x & 1})` });
    }
    const u32 = new Uint32Array(1024);
    time('Uint32Array read', (i) => void (sink ^= u32[i & 1023]!));
    time('Date.now()', () => void (sink += Date.now()));
    time('performance.now()', () => void (sink += performance.now()));
    time('BigInt(lba)', (i) => void (sink += Number(BigInt(i * 8) & 1n)));
    time('SqeRw: 10 word writes', (i) => {
      view.cdw0.write(2 | (i << 16));
      view.nsid.write(1);
      view.mptr.write(0n);
      view.prp1.write(0x1000n);
      view.prp2.write(0n);
      view.slba.write(0x80n);
      view.cdw12.write(7);
      view.cdw13.write(0);
      view.cdw14.write(0);
      view.cdw15.write(0);
    });
    time('empty poll (qp.reap())', () => void (sink += qp.reap()));
    time('CQ head doorbell write (BAR)', () => drv.regs.doorbell.write(3, { value: 0 }));
    time('CSTS read (BAR)', () => void (sink += drv.regs.csts.read()));
    time('fence', () => page.mmio.fence());
    page.free();
    await drv.shutdown();
    if (sink === 0.5) console.log(sink);
  } finally {
    drv.close();
    dev.close();
  }
  // The wasm engine's per-call pieces (its routines run over BAR 0 mapped into their window).
  const wdev = openDevice({ vfio: bdf }, { bars: { 0: NvmeRegs.size } });
  const wdrv = new NvmeDriver(wdev, { queueDepth: 64, engine: 'wasm' });
  try {
    await wdrv.enable();
    await wdrv.setNumberOfQueues(1);
    const qp = await wdrv.createIoQueuePair(1);
    const N = 20000;
    let sink = 0;
    const time = (name: string, fn: (i: number) => void) => {
      for (let i = 0; i < 2000; i++) fn(i);
      const t = performance.now();
      for (let i = 0; i < N; i++) fn(i);
      emit({ row: 'micro', note: `wasm engine, ${name}: ${(((performance.now() - t) * 1e6) / N).toFixed(0)} ns` });
    };
    time('stage one Read (7 typed-array stores into SqeRwFields)', (i) => qp.rings.stageRw(i & 31, i & 63, 2, 1, i * 8, 7, 0x1000, 0));
    time('empty poll (qp.reap(): the tag peeked in JS, no call)', () => void (sink += qp.reap()));
    time('one JS → wasm call (submitRw(0): submitBatch$sq$rw with nothing to build)', () => qp.rings.submitRw(0));
    await wdrv.shutdown();
    if (sink === 0.5) console.log(sink);
  } finally {
    wdrv.close();
    wdev.close();
  }
}

// ---- d: the C loop over the generated header ------------------------------------------------------------
function cRow(round: number, rowWarm: number): void {
  const r = sh(path.join(bin, 'vfio-loop'), bdf, String(rowWarm), String(params.warmSeconds), String(params.seconds), String(params.patternSeed), String(params.randomSeed), ...params.qds.map(String));
  for (const line of r.stdout.trim().split('\n').filter(Boolean)) emit({ ...(JSON.parse(line) as RowResult), round });
  if (r.status !== 0) emit({ row: 'c', round, error: `vfio-loop exited ${r.status ?? r.signal}: ${r.stderr.trim()}` });
}

/** Runs `fn` under the sampling profiler and prints its 25 heaviest functions by self time (the host shows them: run.ts). */
async function profiled(row: string, fn: () => Promise<void>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 2000 });
  await session.post('Profiler.start');
  try {
    await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const self = new Map<string, number>();
    let total = 0;
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/regmill\//, '')}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
      total += n.hitCount ?? 0;
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(profileHeader(row, total));
    for (const [k, v] of top) console.log(profileEntry((100 * v) / total, k));
  }
}

const guarded = async (row: string, fn: () => void | Promise<void>) => {
  try {
    await (params.profile?.includes(row) ? profiled(row, async () => fn()) : fn());
  } catch (e) {
    emit({ row, error: e instanceof Error ? e.message : String(e) });
  }
};

for (let round = 1; round <= params.rounds; round++) {
  // Every row's first round starts with the same unreported warm-up at the largest QD (V8's tiers).
  const rowWarm = round === 1 ? params.rowWarmSeconds : 0;
  if (params.rows.includes('kernel')) await guarded('kernel', () => kernelRow(round, rowWarm));
  await guarded('bind', () => void bindDriver(bdf, 'vfio-pci'));
  if (params.rows.includes('ts')) await guarded('ts', () => driverRows('ts', round, rowWarm));
  if (params.rows.includes('wasm')) await guarded('wasm', () => driverRows('wasm', round, rowWarm));
  if (params.rows.includes('irq')) await guarded('irq', () => driverRows('irq', round, rowWarm));
  if (params.rows.includes('c')) await guarded('c', () => cRow(round, rowWarm));
}
if (params.rows.includes('micro')) await guarded('micro', microRow);
emit({ row: 'done' });
