// npm run nic -- <pktgen|fwd|recv> (<BDF>… | --sim) [options]: the e1000e driver of examples/nic/ as
// ixy-style programs. Flags: examples/nic/options.ts (HELP).
import { pathToFileURL } from 'node:url';
import type { Device } from '../../runtime/device-types.js';
import { E1000eRegs } from '../../generated/e1000e/e1000e.js';
import type { Nic, ProgramOptions, RateLine } from './api.js';
import { E1000eNic } from './driver.js';
import { HELP, parseProgramOptions } from './options.js';
import { formatRate, formatReport, Forwarder, Generator, Receiver, run, type Stepper } from './programs.js';

async function openVfio(bdf: string): Promise<Device> {
  const { openDevice } = await import('../../runtime/open-device.js');
  return openDevice({ vfio: bdf }, { bars: { 0: E1000eRegs.size } });
}

interface SetUp {
  readonly steppers: Stepper[];
  /** Ports whose rates are printed. */
  readonly reported: Nic[];
  readonly receiver: Receiver | undefined;
  readonly close: () => void;
}

/**
 * The ports of a program: real ones from their BDFs, or simulated ones on wires. --sim adds the other
 * end: fwd gets a generator on port A's wire and a receiver on port B's; recv gets a generator.
 */
async function setUp(o: ProgramOptions, log: (line: string) => void): Promise<SetUp> {
  const nics: E1000eNic[] = [];
  const devices: Device[] = [];
  const close = (): void => {
    for (const n of nics) n.close();
    for (const d of devices) d.close();
  };
  const open = async (device: Device, name: string, interrupts: boolean): Promise<E1000eNic> => {
    devices.push(device);
    const nic = await E1000eNic.open(device, { name, engine: o.engine, interrupts, log });
    nics.push(nic);
    return nic;
  };
  try {
    if (!o.sim) {
      const ports: E1000eNic[] = [];
      for (const bdf of o.bdfs) ports.push(await open(await openVfio(bdf), bdf, o.interrupts && o.program !== 'pktgen'));
      if (o.program === 'pktgen') return { steppers: [new Generator(ports[0]!, o.size, o.batch, o.count)], reported: ports, receiver: undefined, close };
      if (o.program === 'recv') {
        const r = new Receiver(ports[0]!, o.batch, o.count, o.interrupts);
        return { steppers: [r], reported: ports, receiver: r, close };
      }
      // ixy-fwd forwards both ways.
      return { steppers: [new Forwarder(ports[0]!, ports[1]!, o.batch, o.interrupts), new Forwarder(ports[1]!, ports[0]!, o.batch, o.interrupts)], reported: ports, receiver: undefined, close };
    }
    const { createE1000eSim, SimWire } = await import('./sim.js');
    const sim = async (index: number, wire: InstanceType<typeof SimWire>, interrupts: boolean): Promise<E1000eNic> => open(createE1000eSim(index, wire).sim, `sim${index}`, interrupts);
    const w1 = new SimWire();
    if (o.program === 'pktgen') {
      const gen = await sim(0, w1, false);
      return { steppers: [new Generator(gen, o.size, o.batch, o.count)], reported: [gen], receiver: undefined, close };
    }
    const gen = await sim(0, w1, false);
    if (o.program === 'recv') {
      const port = await sim(1, w1, o.interrupts);
      const r = new Receiver(port, o.batch, o.count, o.interrupts);
      return { steppers: [new Generator(gen, o.size, o.batch, o.count), r], reported: [port], receiver: r, close };
    }
    const w2 = new SimWire();
    const a = await sim(1, w1, o.interrupts);
    const b = await sim(2, w2, false);
    const out = await sim(3, w2, false);
    const r = new Receiver(out, o.batch, o.count, false);
    return { steppers: [new Generator(gen, o.size, o.batch, o.count), new Forwarder(a, b, o.batch, o.interrupts), r], reported: [a, b], receiver: r, close };
  } catch (e) {
    close();
    throw e;
  }
}

export async function main(argv: string[], out: (line: string) => void = console.log, signal?: AbortSignal): Promise<number> {
  const o = parseProgramOptions(argv);
  if (!o) {
    out(HELP);
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const s = await setUp(o, (line) => (o.json ? out(JSON.stringify({ log: line })) : out(line)));
  try {
    const report = (lines: readonly RateLine[]): void => {
      for (const l of lines) out(o.json ? JSON.stringify(l) : formatRate(l));
    };
    await run(s.steppers, { seconds: o.seconds, ports: s.reported, report, ...(signal ? { signal } : {}) });
    if (s.receiver) {
      const r = s.receiver.report();
      out(o.json ? JSON.stringify({ recv: r }) : formatReport(r));
      return r.lost === 0 && r.duplicated === 0 && r.reordered === 0 && r.corrupt === 0 ? 0 : 1;
    }
    return 0;
  } finally {
    s.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exitCode = 0;
    else throw e;
  });
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  main(process.argv.slice(2), console.log, stop.signal).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(`nic: error: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
