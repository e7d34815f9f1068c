// vm-guest: {"devices": ["e1000e", "iommu"], "timeoutSec": 150}
// `regmill dump --spec specs/e1000e.regs --vfio <BDF>` over QEMU's live e1000e: decoded STATUS fields and
// the MAC in RAL0/RAH0, and proof that a dump never reads a read-to-clear register unless --include-rc.
// The test leaves evidence in two of them first, through the generated accessors only: an LSC cause
// in ICR (raised with ICS while IMS = 0, where QEMU 7.2 clears ICR on read) and a transmitted-packets
// count in the statistics block (one broadcast frame sent through the generated TxRing; with no netdev
// QEMU drops the frame but counts it). After a plain dump both are still there; after a dump with
// --include-rc both read 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main as regmill } from '../../../cli/main.js';
import { E1000eMain, E1000eRegs, Icr, Rah, Status, TxRing, device as spec } from '../../../generated/e1000e/e1000e.js';
import { bindDriver, findPciDevices, openDevice, type Binding, type Device, type DmaBuffer } from '../../../runtime/index.js';

const WAIT_MS = 5000;
const barSize = (index: number): number => spec.bars.find((b) => b.index === index)!.size;
/** The smallest ring the device takes: TDLEN is a multiple of 128 bytes. */
const RING_ENTRIES = 8;
const FRAME_BYTES = 60;

/** One register of `regmill dump --json` (cli/commands/dump/decode.ts dumpJson). */
interface JsonRow {
  readonly path: string;
  readonly value?: string;
  readonly fields: Readonly<Record<string, { readonly value: string; readonly enum?: string }>>;
  readonly skipped?: string;
}

let bdf = '';
let binding: Binding | undefined;
let dev: Device | undefined;

/** Opens the device without interrupts (as the dump does), so IMS = 0 keeps ICR read-to-clear. */
function open(): { dev: Device; regs: E1000eRegs } {
  closeDevice();
  dev = openDevice({ vfio: bdf }, { bars: { 0: barSize(0) }, irq: 'none' });
  return { dev, regs: new E1000eRegs(dev.bar(0)) };
}

/** Unbinding vfio-pci blocks while a device fd is open, and the dump needs the group for itself. */
function closeDevice(): void {
  if (dev && !dev.closed) dev.close();
  dev = undefined;
}

/** `regmill dump --spec specs/e1000e.regs --vfio <bdf> …extra`, in this process; its stdout. */
async function dump(...extra: string[]): Promise<string> {
  let out = '';
  let err = '';
  const rc = await regmill(['dump', '--spec', 'specs/e1000e.regs', '--vfio', bdf, ...extra], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: process.cwd(),
  });
  assert.is(rc, 0, `regmill dump ${extra.join(' ')} exit code (stderr: ${err})`);
  return out;
}

/** The JSON form of the dump, rows by register path. */
async function dumpJson(...extra: string[]): Promise<Map<string, JsonRow>> {
  const parsed = JSON.parse(await dump('--json', ...extra)) as { bars: { registers: JsonRow[] }[] };
  return new Map(parsed.bars.flatMap((b) => b.registers).map((r) => [r.path, r]));
}

/** Sends one broadcast frame through a TX ring in DMA memory; returns when the device wrote back DD. */
async function transmitOne(d: Device, regs: E1000eRegs): Promise<void> {
  const ringMem: DmaBuffer = d.dma.alloc(4096);
  const frame: DmaBuffer = d.dma.alloc(4096);
  try {
    // Ethernet header: broadcast destination, our MAC as source, the local experimental EtherType.
    const lo = regs.ral.read(0);
    const hi = Rah.addr.get(regs.rah.read(0));
    const head = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, lo & 0xff, (lo >>> 8) & 0xff, (lo >>> 16) & 0xff, lo >>> 24, hi & 0xff, hi >>> 8, 0x88, 0xb5];
    frame.bytes.set(head);
    const ring = new TxRing(regs, 0, ringMem.mmio, RING_ENTRIES); // ring tx[0]: queue 0
    const base = ringMem.deviceAddress;
    regs.tctl.write({ en: false });
    regs.txq.at(0).tdbal.write(Number(base & 0xffffffffn));
    regs.txq.at(0).tdbah.write(Number(base >> 32n));
    regs.txq.at(0).tdlen.write(RING_ENTRIES * 16);
    regs.txq.at(0).tdh.write(0);
    regs.txq.at(0).tdt.write(0);
    regs.tctl.write({ en: true, psp: true });
    const desc = ring.at(0);
    desc.publish({ buffer_addr: frame.deviceAddress, length: FRAME_BYTES, cmd: { eop: true, ifcs: true, rs: true } });
    regs.txq.at(0).tdt.write(1);
    const deadline = Date.now() + WAIT_MS;
    while (!desc.isDone()) {
      if (Date.now() > deadline) assert.unreachable(`the device never wrote back the descriptor (TDH ${regs.txq.at(0).tdh.read()})`);
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.is(regs.txq.at(0).tdh.read(), 1, 'TDH moved past the sent descriptor');
    regs.tctl.write({ en: false });
  } finally {
    frame.free();
    ringMem.free();
  }
}

/** Leaves an LSC cause in ICR and a count in stats.tpt, through the generated accessors. */
async function leaveEvidence(): Promise<void> {
  const { dev: d, regs } = open();
  const irq = new E1000eMain(d.bar(0));
  irq.disable(irq.all);
  regs.icr.write(0xffffffff); // write-1-to-clear every cause
  regs.stats.tpt.readAndClear();
  irq.test(E1000eMain.lsc);
  await transmitOne(d, regs);
  closeDevice();
}

test('bind e1000e to vfio-pci', () => {
  const found = findPciDevices({ vendor: spec.pci.vendor, device: spec.pci.device });
  assert.is(found.length, 1, 'one e1000e on the bus');
  bdf = found[0]!.bdf;
  binding = bindDriver(bdf, 'vfio-pci');
  assert.is(binding.driver, 'vfio-pci');
});

test('the generated accessors see what the dump must not clear: ICR.LSC and one transmitted packet', async () => {
  await leaveEvidence();
  const { regs } = open();
  const icr = regs.icr.readAndClear();
  assert.ok(Icr.lsc.get(icr), `ICR 0x${icr.toString(16)} shows LSC`);
  assert.is(regs.icr.readAndClear(), 0, 'with IMS = 0 a read clears ICR');
  assert.is(regs.stats.tpt.readAndClear(), 1, 'stats.tpt counted the frame');
  assert.is(regs.stats.tpt.readAndClear(), 0, 'reading stats.tpt cleared it');
  closeDevice();
});

test('regmill dump decodes STATUS and RAL0/RAH0 of the live device', async () => {
  const text = await dump();
  // The head (control, status, interrupt registers) is enough to diagnose from the log tail.
  console.log(text.split('\n').slice(0, 40).join('\n'));
  assert.match(text, /^e1000e BAR0 regs — VFIO/m);
  const status = /^0x00008\s+status\s+0x([0-9a-f]{8})\s+(.*)$/m.exec(text);
  assert.ok(status, 'a status row');
  const raw = Number.parseInt(status[1]!, 16);
  assert.ok(Status.lu.get(raw) && Status.fd.get(raw), `STATUS 0x${status[1]} says link up, full duplex`);
  assert.match(status[2]!, /\blu=1\b/);
  assert.match(status[2]!, /\bfd=1\b/);
  assert.match(status[2]!, /\bspeed=mb1000\(0x2\)/);
  assert.match(text, /^0x05400\s+ral\[0\]\s+0x12005452$/m);
  assert.match(text, /^0x05404\s+rah\[0\]\s+0x80005634\s+addr=0x5634\s+asel=destination\(0x0\)\s+av=1$/m);
  assert.match(text, /^0x000c0\s+icr\s+-\s+not read \(a read clears it; --include-rc\)$/m);
  assert.match(text, /^0x040d4\s+stats\.tpt\s+-\s+not read/m);
  assert.match(text, /write-only, not read: .*\bics\b/);
});

test('without --include-rc the dump reads neither ICR nor a statistics counter', async () => {
  await leaveEvidence();
  const rows = await dumpJson();
  for (const path of ['icr', 'stats.tpt', 'stats.gptc', 'stats.iac']) {
    assert.is(rows.get(path)?.value, undefined, `${path} has no value in the dump`);
    assert.match(rows.get(path)?.skipped ?? '', /not read/);
  }
  const { regs } = open();
  assert.ok(Icr.lsc.get(regs.icr.readAndClear()), 'ICR.LSC survived the dump');
  assert.is(regs.stats.tpt.readAndClear(), 1, 'stats.tpt survived the dump');
  closeDevice();
});

test('with --include-rc the dump reads them, and that read clears them', async () => {
  await leaveEvidence();
  const rows = await dumpJson('--include-rc');
  const icr = rows.get('icr');
  assert.ok(icr?.value !== undefined, 'icr was read');
  assert.ok(Icr.lsc.get(Number(BigInt(icr.value))), `the dump shows ICR ${icr.value} with LSC`);
  assert.is(icr.fields.lsc?.value, '0x1', 'decoded lsc field');
  assert.is(Number(BigInt(rows.get('stats.tpt')?.value ?? '-1')), 1, 'the dump shows stats.tpt = 1');
  const { regs } = open();
  assert.is(regs.icr.readAndClear(), 0, 'the dump\'s read cleared ICR');
  assert.is(regs.stats.tpt.readAndClear(), 0, 'the dump\'s read cleared stats.tpt');
  closeDevice();
});

test('restore the original driver binding', () => {
  closeDevice();
  binding?.restore();
});

test.run();
