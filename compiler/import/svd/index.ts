// CMSIS-SVD → .regs: parse the XML, resolve derivedFrom, convert, print, then prove the result builds.
// Every SVD problem is a Diagnostic located in the .svd file; the compile step's diagnostics are
// located in the generated text.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import type { Source } from '../../source/source.js';
import { compile, type CompileResult } from '../../compile.js';
import { parseXml } from './xml.js';
import { SvdReporter, svdCodes } from './report.js';
import { convertDevice } from './convert.js';
import { printSpec } from './print.js';
import type { LeftOut } from '../summary.js';


export interface SvdImportOptions {
  /** Registers, alternate groups or peripherals that win a collision (`--prefer`), case-insensitive. */
  readonly prefer?: readonly string[];
  /** Lowercase every name (`USART1` → `usart1`). */
  readonly lowercase?: boolean;
  /** PCI identity for the device; SVD has none. */
  readonly pci?: { readonly vendor: number; readonly device: number };
  /** Name the generated spec has in the compile check's diagnostics (default '<svd>.regs'). */
  readonly outputName?: string;
}

export interface SvdImportResult {
  /** The spec was produced and builds without errors. */
  readonly ok: boolean;
  /** The .regs text (also when it does not build, for inspection). */
  readonly regs?: string;
  /** Diagnostics about the SVD file. */
  readonly diagnostics: readonly Diagnostic[];
  /** What was left out, one entry per element (for the summary). */
  readonly left: readonly LeftOut[];
  /** The build of the generated spec (absent when the SVD could not be converted). */
  readonly compiled?: CompileResult;
  /** SVD diagnostics rendered as `file.svd:line:col: warning: …` with the XML line and a caret. */
  format(): string;
}

export async function importSvd(text: string, file: string, options: SvdImportOptions = {}): Promise<SvdImportResult> {
  const source: Source = { file, text };
  const rep = new SvdReporter(file);
  const format = (): string => renderDiagnostics(rep.diagnostics, { sourceOf: (f) => (f === file ? source : undefined) });
  const xml = parseXml(text);
  if (!xml.ok) {
    let start = offsetOf(text, xml.line, xml.col);
    // saxes stops after the markup it rejects; a tag error reads better at the tag's `<`.
    const lt = text.lastIndexOf('<', start - 1);
    if (/tag/i.test(xml.message) && lt >= 0 && !text.slice(lt, start).includes('\n')) start = lt;
    rep.diagnostics.push({ severity: 'error', code: svdCodes.malformedXml, message: `malformed XML: ${xml.message}`, span: { file, start, end: start + 1 } });
    return { ok: false, diagnostics: rep.diagnostics, left: rep.left, format };
  }
  const base = file.replace(/^.*[\\/]/, '');
  const spec = convertDevice(xml.root, rep, { lowercase: options.lowercase ?? false, sourceName: base, ...(options.pci ? { pci: options.pci } : {}), ...(options.prefer ? { prefer: options.prefer } : {}) });
  if (!spec || rep.hasErrors) return { ok: false, diagnostics: rep.diagnostics, left: rep.left, format };
  const outputName = options.outputName ?? base.replace(/\.svd$/i, '') + '.regs';
  // print.ts lays text out exactly as the formatter (`regmill fmt`) would — the tests check the
  // formatter leaves every output unchanged — so formatting again here would only cost time
  // (~0.3 s of the ~0.9 s a 3,000-register import takes).
  const regs = printSpec(spec);
  const compiled = await compile({ text: regs, file: outputName }, { emit: [] });
  return { ok: compiled.ok, regs, diagnostics: rep.diagnostics, left: rep.left, compiled, format };
}

/** Offset of 1-based line:col (saxes counts columns in characters; astral planes are rare in SVD). */
function offsetOf(text: string, line: number, col: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(text.length, at + col - 1);
}
