// What the description exports (CMSIS-SVD, IP-XACT) share: the IR access triple in the words both
// formats use (`access`, `modifiedWriteValue(s)`, `readAction`), and where each BAR goes in the one
// address space an SVD device has.
import type { IrBar, IrDevice, IrField, IrSourceRef, OnRead, OnWrite, Sw } from '../../ir/ir.js';

export const ACCESS: Readonly<Record<Exclude<Sw, 'na'>, string>> = { r: 'read-only', w: 'write-only', rw: 'read-write' };

/**
 * onWrite → modifiedWriteValue(s). `pulse` (write 1 triggers, the bit clears itself) has no word in
 * either format: oneToSet is the nearest (writing 1 sets it); IP-XACT keeps the rest in a vendor
 * extension, SVD cannot (docs/svd-import.md, docs/ipxact.md).
 */
export const MODIFIED_WRITE: Readonly<Record<Exclude<OnWrite, 'none'>, string>> = {
  w1c: 'oneToClear',
  w1s: 'oneToSet',
  w1t: 'oneToToggle',
  w0c: 'zeroToClear',
  w0s: 'zeroToSet',
  w0t: 'zeroToToggle',
  wclr: 'clear',
  wset: 'set',
  pulse: 'oneToSet',
};

export const READ_ACTION: Readonly<Record<Exclude<OnRead, 'none'>, string>> = { clear: 'clear', set: 'set' };

/**
 * A field's description in a format that cannot say that its value names depend on another field
 * (`enum by`, NVMe 1.4 figure 125: SC by SCT; an enumeratedValues list is one fixed table). Such a
 * field is exported with no value names and its tables in the description, and `warn` is told
 * (the back end's BackendWarn; named here by its shape, shared/ imports only the IR).
 */
export function exportedDescription(f: IrField, format: 'IP-XACT' | 'SVD', warn: ((name: 'enumByNotExported', message: string, at: IrSourceRef) => void) | undefined): string {
  if (!f.enumBy) return f.doc;
  warn?.('enumByNotExported', `${format} cannot say that the value names of field '${f.name}' depend on field '${f.enumBy.field}' ('enum by'): exported without enumeratedValues, its tables in the description`, f.at);
  const cases = f.enumBy.cases.map((c) => `${f.enumBy!.field} = ${c.value} (${c.key}): enum ${c.enum}`).join('; ');
  return `${f.doc}${f.doc ? ' ' : ''}(value names depend on field ${f.enumBy.field}: ${cases || 'none'})`;
}

/** Fields with an access both formats can say (`na` fields are reserved bits there). */
export function describedFields(fields: readonly IrField[]): IrField[] {
  return fields.filter((f) => f.sw !== 'na');
}

/** Mapped BARs only: a raw-memory BAR (no register map) has nothing to describe. */
export function registerBars(d: IrDevice): IrBar[] {
  return d.bars.filter((b) => b.hasRegisters);
}

/** First SVD address; BARs follow, each aligned to its size and at least 16 MiB after the one before. */
const FIRST = 0x4000_0000;
const GAP = 0x100_0000;

/**
 * Where each BAR sits in the exported SVD address space. The gap is the one `regmill import svd`
 * splits BARs at, so a re-import gives the same BARs back.
 */
export function barAddresses(bars: readonly IrBar[]): number[] {
  const out: number[] = [];
  let at = FIRST;
  for (const b of bars) {
    const align = Math.max(b.size, GAP);
    at = Math.ceil(at / align) * align;
    out.push(at);
    at += b.size + GAP;
  }
  return out;
}
