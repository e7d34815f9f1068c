// vm-guest: {"devices": ["e1000e-hub2", "iommu"], "timeoutSec": 240}
// Interoperability with a real network stack: two e1000e ports on one QEMU hub, port A driven by the
// guest kernel's own e1000e driver, port B by examples/nic's driver (E1000eNic) over VFIO. The
// kernel side is `rawsock` (test/vm/tools/rawsock.c, an AF_PACKET raw socket; built on the host by
// test/vm/guest-tools.mjs). Frames go both ways, N each, every length from 60 to 1514 bytes, and are
// checked frame by frame (sequence, length, addresses, every byte) on the receiving side; then B's
// statistics counters and the kernel's interface counters must agree with the counts.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { device as spec } from '../../../generated/e1000e/e1000e.js';
import { bindDriver, currentDriver, findPciDevices, openDevice, type Binding, type Device } from '../../../runtime/index.js';
import type { NicStats } from '../../../examples/nic/api.js';
import { E1000eNic } from '../../../examples/nic/driver.js';
import { FCS_BYTES, checkFrame, frameLength, isTestFrame, parseMac, receiveFrames, sendFrames, writeFrame } from './nic-frames.js';

const N = 2000;
const BATCH = 32;
/**
 * Port B's receive ring holds the whole run. With a 256-entry ring the kernel's sender (another process, running
 * whenever node waits) outran the receiver and QEMU 7.2 dropped ~700 frames in a row over this two-port
 * hub, seen only as ICR.RXO: MPC and RNBC stayed 0. Loss under overload is not what this test is about
 * (e1000e-hub.guest.ts overfills a 256-entry ring from a sender in the same process, and nothing is lost).
 */
const RING_ENTRIES = 4096;
const WAIT_MS = 30_000;

let kernelBdf = '';
let iface = '';
let kernelMac: Uint8Array = new Uint8Array(6);
let binding: Binding | undefined;
let dev: Device | undefined;
let port: E1000eNic | undefined;
let portMac: Uint8Array = new Uint8Array(6);
/** Port B's counters once the kernel's interface is up; the checks count from there. */
let statsBefore: NicStats | undefined;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs rawsock; resolves with its exit code and its last "rawsock: {json}" line; `onReady` at "rawsock: ready". */
function rawsock(args: string[], onReady?: () => void): Promise<{ rc: number | null; result: Record<string, unknown>; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('rawsock', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      const before = out;
      out += b.toString();
      if (!/rawsock: ready/.test(before) && /rawsock: ready/.test(out)) onReady?.();
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (rc) => {
      const m = /rawsock: (\{.*\})\s*$/m.exec(out);
      resolve({ rc, result: m ? (JSON.parse(m[1]!) as Record<string, unknown>) : {}, out });
    });
  });
}

const netStat = (name: string): number => Number(readFileSync(`/sys/class/net/${iface}/statistics/${name}`, 'utf8'));

test('port B to vfio-pci, then the kernel e1000e driver takes port A', async () => {
  const found = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device }).map((d) => d.bdf).sort();
  assert.is(found.length, 2, `two e1000e on the bus: ${found.join(', ')}`);
  const [a, b] = found as [string, string];
  kernelBdf = a;
  // vfio-pci first: the e1000e module binds every 82574 nobody holds the moment it loads.
  binding = bindDriver(b, 'vfio-pci');
  dev = openDevice({ vfio: b }, { bars: { 0: spec.bars[0].size }, irq: 'none' });
  // The receive filter on (no broadcasts either): only the test's frames to B's MAC reach the ring.
  port = await E1000eNic.open(dev, { name: b, rxDescriptors: RING_ENTRIES, promiscuous: false, broadcast: false });
  portMac = parseMac(port.mac);
  execFileSync('modprobe', ['e1000e']);
  const netDir = `/sys/bus/pci/devices/${kernelBdf}/net`;
  const deadline = Date.now() + 10_000;
  while (!existsSync(netDir) || readdirSync(netDir).length === 0) {
    if (Date.now() > deadline) assert.unreachable(`no network interface appeared for ${kernelBdf} (driver: ${currentDriver(kernelBdf) ?? 'none'})`);
    await sleep(50);
  }
  assert.is(currentDriver(kernelBdf), 'e1000e');
  assert.is(currentDriver(b), 'vfio-pci');
  iface = readdirSync(netDir)[0]!;
  kernelMac = parseMac(readFileSync(`/sys/class/net/${iface}/address`, 'utf8').trim());
  // No IPv6 autoconfiguration traffic on the wire: only the test's frames.
  const v6 = `/proc/sys/net/ipv6/conf/${iface}/disable_ipv6`;
  if (existsSync(v6)) writeFileSync(v6, '1');
  execFileSync('ip', ['link', 'set', 'dev', iface, 'up']);
  while (readFileSync(`/sys/class/net/${iface}/carrier`, 'utf8').trim() !== '1') {
    if (Date.now() > deadline + 10_000) assert.unreachable(`${iface}: no carrier`);
    await sleep(50);
  }
  console.log(`kernel: ${kernelBdf} ${iface} ${readFileSync(`/sys/class/net/${iface}/address`, 'utf8').trim()}; regmill: ${b}`);
  statsBefore = port.readStats();
});

const before = { rx: 0, tx: 0 };

test(`kernel → regmill: rawsock sends ${N} frames, regmill's port receives each once, in order`, async () => {
  const p = port!;
  before.rx = netStat('rx_packets');
  before.tx = netStat('tx_packets');
  let got = 0;
  let foreign = 0;
  const sender = rawsock(['send', iface, p.mac, String(N), String(BATCH), 'var']);
  let done = false;
  void sender.then(() => (done = true));
  const deadline = Date.now() + WAIT_MS;
  while (got < N) {
    if (Date.now() > deadline) assert.unreachable(`after ${WAIT_MS} ms regmill had ${got} of ${N} frames (rawsock done: ${done})`);
    const n = receiveFrames(p, BATCH, (bytes, length) => {
      if (!isTestFrame(bytes, 0, length)) {
        foreign++;
        return;
      }
      const problem = checkFrame(bytes, 0, length, got, portMac, kernelMac);
      if (problem) {
        // Explicit reads for the diagnosis (each clears what it reads): did the device drop frames?
        const icr = p.regs.icr.readAndClear();
        assert.unreachable(`regmill received from the kernel: ${problem} (ICR 0x${icr.toString(16)}, stats ${JSON.stringify(p.readStats())})`);
      }
      got++;
    });
    if (n === 0) await sleep(1); // let rawsock run
  }
  const r = await sender;
  assert.is(r.rc, 0, `rawsock send: ${r.out}`);
  assert.is(r.result.sent, N);
  assert.is(got, N);
  assert.is(foreign, 0, 'no other frames reached port B');
  assert.is(p.rxErrors, 0, 'no frame with RX errors or spanning descriptors');
});

test(`regmill → kernel: regmill's port sends ${N} frames, rawsock receives each once, in order`, async () => {
  const p = port!;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const receiver = rawsock(['recv', iface, String(N), String(WAIT_MS), 'var'], () => ready());
  await Promise.race([isReady, receiver.then((r) => assert.unreachable(`rawsock recv ended before it was ready: ${r.out}`))]);
  let next = 0;
  while (next < N) {
    const n = sendFrames(p, Math.min(BATCH, N - next), (bytes, k) => writeFrame(bytes, 0, kernelMac, portMac, next + k));
    next += n;
    if (n < BATCH) await sleep(1); // ring full, or the last batch: let the kernel and rawsock run
  }
  const r = await receiver;
  console.log(`rawsock recv: ${JSON.stringify(r.result)}`);
  assert.is(r.result.firstError, '', 'no bad frame');
  assert.is(r.rc, 0, `rawsock recv: ${r.out}`);
  assert.is(r.result.received, N);
});

test("regmill's statistics counters and the kernel's interface counters agree", () => {
  const total = port!.readStats();
  const b = statsBefore!;
  let octets = 0;
  for (let seq = 0; seq < N; seq++) octets += frameLength(seq);
  console.log(JSON.stringify({ before: b, after: total }));
  assert.is(total.rxPackets - b.rxPackets, N, 'GPRC: the frames from the kernel');
  assert.is(total.rxBytes - b.rxBytes, octets + N * FCS_BYTES, 'GORC, FCS included');
  assert.is(total.txPackets - b.txPackets, N, 'GPTC: the frames to the kernel');
  assert.is(total.txBytes - b.txBytes, octets, 'GOTC (QEMU 7.2: without the FCS)');
  assert.is(total.rxMissed, 0, 'MPC');
  // The kernel may add its own frames (none expected with IPv6 off), never fewer than ours.
  const rx = netStat('rx_packets') - before.rx;
  const tx = netStat('tx_packets') - before.tx;
  assert.ok(rx >= N && rx <= N + 5, `kernel rx_packets grew by ${rx}`);
  assert.ok(tx >= N && tx <= N + 5, `kernel tx_packets grew by ${tx}`);
});

test('close the regmill port and its device, and restore its binding', () => {
  port?.close();
  dev?.close();
  binding?.restore();
});

test.run();
