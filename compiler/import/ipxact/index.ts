// IP-XACT (IEEE 1685-2009 `spirit:`, 2014 and 2022 `ipxact:`) component → .regs: parse, drop the
// namespace prefixes, convert (convert.ts), print with the SVD importer's printer, then prove the
// result builds — the same contract as importSvd.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import type { Source } from '../../source/source.js';
import { compile, type CompileResult } from '../../compile.js';
import { parseXml, type XmlElement } from '../svd/xml.js';
import { SvdReporter } from '../svd/report.js';
import { Deriver } from '../svd/derive.js';
import { printSpec } from '../svd/print.js';
import type { LeftOut } from '../summary.js';
import { convertComponent } from './convert.js';
import { ipxactCodes } from './codes.js';


/** The namespaces read; anything else under these prefixes is reported as not IP-XACT. */
export const IPXACT_NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.spiritconsortium.org/XMLSchema/SPIRIT/1.4': 'SPIRIT 1.4',
  'http://www.spiritconsortium.org/XMLSchema/SPIRIT/1.5': 'SPIRIT 1.5',
  'http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009': 'IEEE 1685-2009',
  'http://www.accellera.org/XMLSchema/IPXACT/1685-2014': 'IEEE 1685-2014',
  'http://www.accellera.org/XMLSchema/IPXACT/1685-2022': 'IEEE 1685-2022',
};

export interface IpxactImportOptions {
  readonly lowercase?: boolean;
  readonly pci?: { readonly vendor: number; readonly device: number };
  readonly outputName?: string;
  readonly prefer?: readonly string[];
}

export interface IpxactImportResult {
  readonly ok: boolean;
  readonly regs?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly left: readonly LeftOut[];
  readonly compiled?: CompileResult;
  /** Which standard the file declares ('IEEE 1685-2014', …). */
  readonly standard?: string;
  format(): string;
}

/** The tree with IP-XACT prefixes removed (`spirit:register` → `register`); other prefixes stay. */
function unprefix(el: XmlElement, prefixes: ReadonlySet<string>): XmlElement {
  const i = el.name.indexOf(':');
  const name = i > 0 && prefixes.has(el.name.slice(0, i)) ? el.name.slice(i + 1) : el.name;
  return { name, attrs: el.attrs, children: el.children.map((c) => unprefix(c, prefixes)), text: el.text, start: el.start };
}

export async function importIpxact(text: string, file: string, options: IpxactImportOptions = {}): Promise<IpxactImportResult> {
  const source: Source = { file, text };
  const rep = new SvdReporter(file, 'IPX');
  const format = (): string => renderDiagnostics(rep.diagnostics, { sourceOf: (f) => (f === file ? source : undefined) });
  const fail = (): IpxactImportResult => ({ ok: false, diagnostics: rep.diagnostics, left: rep.left, format });
  const xml = parseXml(text);
  if (!xml.ok) {
    rep.diagnostics.push({ severity: 'error', code: ipxactCodes.malformedXml, message: `malformed XML: ${xml.message}`, span: { file, start: 0, end: 1 } });
    return fail();
  }
  const prefixes = new Set<string>();
  let standard: string | undefined;
  for (const [k, v] of Object.entries(xml.root.attrs)) {
    if (!k.startsWith('xmlns:') || !IPXACT_NAMESPACES[v]) continue;
    prefixes.add(k.slice(6));
    standard ??= IPXACT_NAMESPACES[v];
  }
  if (!standard) {
    rep.error(ipxactCodes.invalid, xml.root, `<${xml.root.name}> declares no IP-XACT namespace (${Object.keys(IPXACT_NAMESPACES).join(', ')}): this is not an IP-XACT file`);
    return fail();
  }
  const root = unprefix(xml.root, prefixes);
  const base = file.replace(/^.*[\\/]/, '');
  const ctx = { rep, derive: new Deriver(root, () => undefined), lowercase: options.lowercase ?? false, prefer: new Set((options.prefer ?? []).map((p) => p.toLowerCase())), base: 0 };
  const spec = convertComponent(root, rep, ctx, { lowercase: ctx.lowercase, sourceName: base, ...(options.pci ? { pci: options.pci } : {}), ...(options.prefer ? { prefer: options.prefer } : {}) });
  if (!spec || rep.hasErrors) return fail();
  const outputName = options.outputName ?? base.replace(/(\.ipxact)?\.xml$/i, '') + '.regs';
  const regs = printSpec(spec);
  const compiled = await compile({ text: regs, file: outputName }, { emit: [] });
  return { ok: compiled.ok, regs, diagnostics: rep.diagnostics, left: rep.left, compiled, standard, format };
}
