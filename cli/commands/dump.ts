// `regmill dump --spec <file> (--uio N | --vfio <BDF> | --resource <BDF> | --file <path> | --sim)`:
// compile the spec, open the device, read every readable register of its BARs and print the decoded
// fields. Reading is safe by construction: rc/rs registers are skipped unless --include-rc, write-only
// registers are never read (see dump/decode.ts).
import path from 'node:path';
import type { Command, CliIO } from '../command.js';
import { compile } from '../../compiler/compile.js';
import type { IrBar, IrDevice } from '../../compiler/ir/ir.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { DEFAULT_MAX_ELEMENTS, dumpBar, dumpJson, formatDump } from './dump/decode.js';
import { openDumpSource, type DumpSource, type DumpTarget } from './dump/open-source.js';

const usage = `Usage: regmill dump --spec <file.regs> (--uio N | --vfio <BDF> | --resource <BDF> | --file <path> | --sim) [options]

Reads every readable register of the device and prints offset, name, raw value and decoded fields
(enum values by name). Registers whose read has a side effect (rc, rs) are not read unless
--include-rc; write-only registers are never read.

Sources:
  --uio N              /dev/uioN (N, or a PCI address to find it by)
  --vfio <BDF>         the device through VFIO, e.g. 0000:00:04.0
  --resource <BDF>     /sys/bus/pci/devices/<BDF>/resourceN
  --file <path>        a regular file holding the BAR's bytes (one BAR: pick it with --bar)
  --sim                the simulated device (reset values, plus the device model where there is one)

Options:
  --bar N              only this BAR (default: every BAR with registers)
  --device <name>      which device of the spec (default: the only one)
  --include-rc         also read registers whose read clears or sets bits
  --max-elements N     elements shown per array (default ${DEFAULT_MAX_ELEMENTS})
  --json               machine-readable output
  -h, --help           show this help`;

type Values = {
  spec?: string;
  uio?: string;
  vfio?: string;
  resource?: string;
  file?: string;
  sim?: boolean;
  bar?: string;
  device?: string;
  'include-rc'?: boolean;
  'max-elements'?: string;
  json?: boolean;
};

function sourceOf(v: Values, cwd: string): DumpSource | string {
  const given = (['uio', 'vfio', 'resource', 'file', 'sim'] as const).filter((k) => v[k] !== undefined && v[k] !== false);
  if (given.length === 0) return 'no device given: use one of --uio, --vfio, --resource, --file, --sim';
  if (given.length > 1) return `give one device source, not ${given.map((g) => `--${g}`).join(' and ')}`;
  if (v.sim) return { kind: 'sim' };
  if (v.file !== undefined) return { kind: 'file', path: path.resolve(cwd, v.file) };
  if (v.uio !== undefined) return { kind: 'uio', selector: /^\d+$/.test(v.uio) ? Number(v.uio) : v.uio };
  if (v.vfio !== undefined) return { kind: 'vfio', bdf: v.vfio };
  return { kind: 'resource', bdf: v.resource! };
}

function intOption(text: string | undefined, name: string, max: number): number | string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) return `--${name} expects an integer 0..${max}, got '${text}'`;
  return Number(text);
}

/** Builds the command; `open` is injectable so tests can supply their own device. */
export function createDumpCommand(open: (source: DumpSource, device: IrDevice, bars: readonly IrBar[]) => Promise<DumpTarget> = openDumpSource): Command {
  return {
    name: 'dump',
    summary: 'read and decode every register of a device (UIO, VFIO, sysfs, file or simulator)',
    usage,
    async run(argv: readonly string[], io: CliIO): Promise<number> {
      const parsed = parseCommandArgs<Values>(
        io,
        'dump',
        usage,
        argv,
        {
          spec: { type: 'string' },
          uio: { type: 'string' },
          vfio: { type: 'string' },
          resource: { type: 'string' },
          file: { type: 'string' },
          sim: { type: 'boolean' },
          bar: { type: 'string' },
          device: { type: 'string' },
          'include-rc': { type: 'boolean' },
          'max-elements': { type: 'string' },
          json: { type: 'boolean' },
        },
        false,
      );
      if (typeof parsed === 'number') return parsed;
      const { values } = parsed;
      if (!values.spec) return usageError(io, 'dump', 'missing --spec <file.regs>', usage);
      const source = sourceOf(values, io.cwd);
      if (typeof source === 'string') return usageError(io, 'dump', source, usage);
      const barOpt = intOption(values.bar, 'bar', 5);
      const maxOpt = intOption(values['max-elements'], 'max-elements', 1 << 20);
      if (typeof barOpt === 'string') return usageError(io, 'dump', barOpt, usage);
      if (typeof maxOpt === 'string') return usageError(io, 'dump', maxOpt, usage);

      const compiled = await compile({ path: path.resolve(io.cwd, values.spec) }, { emit: [] });
      if (!compiled.ir) {
        // Warnings are the checker's business (regmill check); only errors stop a dump.
        io.stderr(compiled.format() + '\n');
        io.stderr(`regmill dump: error: ${values.spec} has errors; nothing read\n`);
        return 1;
      }
      const devices = compiled.ir.devices;
      const device = values.device ? devices.find((d) => d.name === values.device) : devices.length === 1 ? devices[0] : undefined;
      if (!device) {
        const names = devices.map((d) => d.name).join(', ') || 'none';
        io.stderr(`regmill dump: error: ${values.device ? `no device '${values.device}' in ${values.spec}` : `${values.spec} declares several devices; pick one with --device`} (devices: ${names})\n`);
        return 1;
      }
      let bars: IrBar[];
      if (barOpt !== undefined) {
        const bar = device.bars.find((b) => b.index === barOpt);
        if (!bar) {
          io.stderr(`regmill dump: error: ${device.name} has no BAR ${barOpt} (BARs: ${device.bars.map((b) => b.index).join(', ') || 'none'})\n`);
          return 1;
        }
        if (!bar.hasRegisters) {
          io.stderr(`regmill dump: error: BAR ${bar.index} (${bar.name}) of ${device.name} is raw memory with no register map; nothing to decode\n`);
          return 1;
        }
        bars = [bar];
      } else {
        bars = device.bars.filter((b) => b.hasRegisters);
        if (bars.length === 0) {
          io.stderr(`regmill dump: error: ${device.name} has no BAR with registers; nothing to decode\n`);
          return 1;
        }
      }

      let target: DumpTarget;
      try {
        target = await open(source, device, bars);
      } catch (e) {
        io.stderr(`regmill dump: error: ${(e as Error).message}\n`);
        return 1;
      }
      try {
        const options = { includeRc: values['include-rc'] ?? false, ...(maxOpt !== undefined ? { maxElements: maxOpt } : {}) };
        const dumps = bars.map((bar) => dumpBar(device, bar, target.bar(bar.index), options));
        if (values.json) {
          io.stdout(JSON.stringify({ device: device.name, description: target.description, bars: dumps.map(dumpJson) }, null, 2) + '\n');
        } else {
          const text = dumps.map((d) => formatDump(d, `${device.name} BAR${d.bar.index} ${d.bar.name} — ${target.description}`));
          io.stdout(text.join('\n\n') + '\n');
        }
        return 0;
      } catch (e) {
        io.stderr(`regmill dump: error: ${(e as Error).message}\n`);
        return 1;
      } finally {
        target.close();
      }
    },
  };
}

export const dumpCommand: Command = createDumpCommand();
