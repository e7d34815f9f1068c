// Command-line flags of `npm run nic -- <program> …` (examples/nic/cli.ts), parsed into ProgramOptions.
import { parseArgs } from 'node:util';
import type { ProgramOptions, RingEngine } from './api.js';

export const HELP = `usage: npm run nic -- <program> (<BDF>… | --sim) [options]

programs (like ixy's ixy-pktgen and ixy-fwd; each prints RX/TX Mbit/s and Mpps once a second):
  pktgen <BDF>             send sequence-numbered test frames out of the port
  fwd <BDF-A> <BDF-B>      receive on A and send on B (and B to A)
  recv <BDF>               receive, check every test frame arrived once, in order, intact; print a summary

device:
  <BDF>                    an e1000e bound to vfio-pci (e.g. 0000:00:04.0)
  --sim                    simulated e1000e ports joined by a simulated wire (runtime/sim/models/e1000e.ts):
                           pktgen → sink, generator → fwd → receiver, generator → recv
options:
  --engine ts|wasm         ring code: generated TypeScript ring classes or generated wasm routines (default ts)
  --batch N                packets per receive/transmit batch (default 32)
  --size N                 frame size in bytes without CRC, 60..2048 (pktgen; default 60)
  --count N                stop after N frames (pktgen: sent; fwd/recv: received); 0 = no limit (default)
  --seconds N              stop after N seconds; 0 = no limit (default; SIGINT stops too)
  --interrupts             receive by MSI-X interrupt instead of polling (fwd, recv)
  --json                   one JSON object per line instead of text
  -h, --help               this text

output (text): "[<port>] RX: <Mbit/s> Mbit/s <Mpps> Mpps" and the same for TX, once a second; Mbit/s counts
20 extra bytes per frame (preamble, SFD, inter-frame gap), like ixy. recv ends with
"recv: <n> frames, <lost> lost, <dup> duplicated, <reordered> out of order, <bad> corrupt".`;

function int(text: string | undefined, what: string, min: number, max: number, dflt: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${what} must be an integer in ${min}..${max}, got '${text}'`);
  return n;
}

/** Parses argv; returns undefined for --help (or no program) and throws on bad flags. */
export function parseProgramOptions(argv: readonly string[]): ProgramOptions | undefined {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      sim: { type: 'boolean' },
      engine: { type: 'string' },
      batch: { type: 'string' },
      size: { type: 'string' },
      count: { type: 'string' },
      seconds: { type: 'string' },
      interrupts: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) return undefined;
  const [program, ...bdfs] = positionals;
  if (program !== 'pktgen' && program !== 'fwd' && program !== 'recv') throw new Error(`unknown program '${program}' (pktgen, fwd, recv; see --help)`);
  const engine = values.engine ?? 'ts';
  if (engine !== 'ts' && engine !== 'wasm') throw new Error(`--engine must be ts or wasm, got '${engine}'`);
  const sim = values.sim ?? false;
  const ports = program === 'fwd' ? 2 : 1;
  if (sim && bdfs.length > 0) throw new Error(`give either --sim or PCI addresses, not both (got ${bdfs.join(' ')})`);
  if (!sim && bdfs.length !== ports) throw new Error(`${program} needs ${ports === 1 ? 'one PCI address' : 'two PCI addresses'} of e1000e ports bound to vfio-pci (or --sim), got ${bdfs.length}`);
  return {
    program,
    bdfs,
    sim,
    engine: engine as RingEngine,
    batch: int(values.batch, '--batch', 1, 4096, 32),
    size: int(values.size, '--size', 60, 2048, 60),
    count: int(values.count, '--count', 0, 2 ** 32 - 1, 0),
    seconds: int(values.seconds, '--seconds', 0, 86400, 0),
    interrupts: values.interrupts ?? false,
    json: values.json ?? false,
  };
}
