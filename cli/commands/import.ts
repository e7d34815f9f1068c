// `regmill import svd <file.svd> [-o <file.regs>]`: convert a CMSIS-SVD description to a .regs spec.
// The spec is written only when it builds; SVD constructs .regs cannot express are reported as
// warnings at their XML location.
import { readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { Command, CliIO } from '../command.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { importSvd } from '../../compiler/import/svd/index.js';
import { importIpxact } from '../../compiler/import/ipxact/index.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';
import type { CompileResult } from '../../compiler/compile.js';
import { groupWarnings, summary, warningKind } from '../../compiler/import/summary.js';

/** Warnings of one kind printed in full before the rest are counted. */
const WARNINGS_PER_KIND = 3;

const usage = `Usage: regmill import svd <file.svd> [-o <file.regs>] [options]
       regmill import ipxact <component.xml> [-o <file.regs>] [options]

Converts a CMSIS-SVD device description into a .regs spec: each peripheral becomes a block type and
an instance in BAR 0 at (baseAddress - lowest peripheral base); registers, fields, enumerated values,
clusters, dim arrays and derivedFrom are imported. Constructs .regs cannot express are reported as
warnings (file.svd:line:col). The spec is checked with the compiler and written only if it builds.

IP-XACT (IEEE 1685-2009 spirit:, 2014 and 2022 ipxact:; Vivado's component.xml, Kactus2,
PeakRDL-ipxact) is read the same way: each address block is a block type and an instance, each memory
map a BAR, registerFiles inline blocks; parameters in offsets and widths are evaluated where constant.

Peripherals are kept unless one of their registers collides with another's; alternate views
(alternateGroup, alternateRegister, alternatePeripheral) are kept where nothing else is; a sparse
map gets one BAR per dense address range. After the warnings (at most 3 of each kind unless
--all-warnings) a summary says what was kept and what was left out, and why.

Options:
  -o, --out <file.regs>   write the spec there (default: standard output)
  --prefer <names>        comma-separated registers, alternate groups or peripherals that win a
                          collision with another view of the same addresses (case-insensitive)
  --all-warnings          print every warning (default: the first 3 of each kind, the rest counted)
  --lowercase             lowercase every name (USART1 -> usart1)
  --vendor <id>           PCI vendor id for the device (with --device; SVD has none)
  --device <id>           PCI device id
  -h, --help              show this help

Exit status: 0 written, 1 the SVD could not be read or the spec does not build, 2 bad usage.`;

function pciId(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0x[0-9a-f]+|[0-9]+)$/i.test(text.trim())) return undefined;
  const v = Number(text.trim());
  return v <= 0xffff ? v : undefined;
}

/** The checker's warnings about the generated spec (RMW traps the SVD implies): the first few. */
const SHOWN_SPEC_WARNINGS = 20;

function printSpecWarnings(compiled: CompileResult, file: string, io: CliIO): void {
  const ds = compiled.diagnostics;
  if (ds.length === 0) return;
  const shown = ds.slice(0, SHOWN_SPEC_WARNINGS);
  io.stderr(renderDiagnostics(shown, { sourceOf: (f) => compiled.sources.get(f) }) + '\n');
  if (ds.length > shown.length) io.stderr(`… ${ds.length - shown.length} more warnings about the generated spec; 'regmill check ${file}' lists them all\n`);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'convert a CMSIS-SVD or IP-XACT file to a .regs spec (regmill import svd|ipxact <file> -o <file.regs>)',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs<{ out?: string; lowercase?: boolean; vendor?: string; device?: string; prefer?: string; 'all-warnings'?: boolean }>(io, 'import', usage, argv, {
      out: { type: 'string', short: 'o' },
      prefer: { type: 'string' },
      'all-warnings': { type: 'boolean' },
      lowercase: { type: 'boolean' },
      vendor: { type: 'string' },
      device: { type: 'string' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    const [format, input, ...extra] = positionals;
    if (format === undefined) return usageError(io, 'import', 'no format given (svd or ipxact)', usage);
    if (format !== 'svd' && format !== 'ipxact') return usageError(io, 'import', `unknown import format '${format}' (svd or ipxact)`, usage);
    if (input === undefined) return usageError(io, 'import', `no ${format === 'svd' ? '.svd' : 'IP-XACT .xml'} file given`, usage);
    if (extra.length) return usageError(io, 'import', `unexpected argument '${extra[0]}'`, usage);
    if ((values.vendor === undefined) !== (values.device === undefined)) return usageError(io, 'import', '--vendor and --device go together', usage);
    let pci: { vendor: number; device: number } | undefined;
    if (values.vendor !== undefined) {
      const vendor = pciId(values.vendor);
      const device = pciId(values.device);
      if (vendor === undefined) return usageError(io, 'import', `--vendor '${values.vendor}' is not a 16-bit id (e.g. 0x10ee)`, usage);
      if (device === undefined) return usageError(io, 'import', `--device '${values.device}' is not a 16-bit id (e.g. 0x7011)`, usage);
      pci = { vendor, device };
    }

    let text: string;
    try {
      text = readFileSync(path.resolve(io.cwd, input), 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.stderr(`regmill import: error: cannot read '${input}': ${err.code ?? 'error'} (${err.syscall ?? 'read'}): ${err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}\n`);
      return 1;
    }
    const outName = values.out ?? input.replace(/\.svd$/i, '').replace(/(\.ipxact)?\.xml$/i, '').replace(/^.*[\\/]/, '') + '.regs';
    const prefer = (values.prefer ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const opts = { lowercase: values.lowercase ?? false, outputName: outName, ...(pci ? { pci } : {}), ...(prefer.length ? { prefer } : {}) };
    const r = format === 'svd' ? await importSvd(text, input, opts) : await importIpxact(text, input, opts);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
    const errors = r.diagnostics.filter((d) => d.severity !== 'warning');
    const grouped = groupWarnings(warnings, values['all-warnings'] ? Infinity : WARNINGS_PER_KIND);
    const shown = [...errors, ...grouped.shown].sort((a, b) => a.span.start - b.span.start);
    if (shown.length) io.stderr(renderDiagnostics(shown, { sourceOf: (f) => (f === input ? { file: input, text } : undefined) }) + '\n');
    for (const h of grouped.hidden) io.stderr(`… ${h.count.toLocaleString('en-US')} more like "${h.example}" [${h.code}]\n`);
    if (!r.compiled) {
      io.stderr(`regmill import: error: '${input}' could not be converted; nothing written\n`);
      return 1;
    }
    if (!r.ok) io.stderr(r.compiled.format() + '\n');
    else printSpecWarnings(r.compiled, values.out ?? outName, io);
    if (!r.ok) {
      io.stderr(`regmill import: error: the spec generated from '${input}' does not build (the diagnostics above point into it); nothing written. This is a gap in the importer: please report it with the SVD\n`);
      return 1;
    }
    if (values.out === undefined) io.stdout(r.regs!);
    else {
      const target = path.resolve(io.cwd, values.out);
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, r.regs!);
        renameSync(tmp, target);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        try {
          unlinkSync(tmp);
        } catch {
          // the temporary file was never created
        }
        io.stderr(`regmill import: error: cannot write '${values.out}': ${err.code ?? 'error'} (${err.syscall ?? 'write'})\n`);
        return 1;
      }
    }
    io.stderr(
      summary({
        input,
        ...(values.out === undefined ? {} : { output: values.out }),
        blockWord: format === 'svd' ? 'peripheral' : 'address block',
        device: r.compiled.ir!.devices[0]!,
        left: r.left,
        warnings: warnings.length,
        kinds: new Set(warnings.map(warningKind)).size,
        hiddenWarnings: grouped.hidden.reduce((n, h) => n + h.count, 0),
        specWarnings: r.compiled.diagnostics.length,
      }),
    );
    return 0;
  },
};
