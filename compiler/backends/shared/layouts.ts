// Facts about DMA layouts every back end derives the same way.
import type { IrLayout, IrRegister } from '../../ir/ir.js';

/** A word only the device writes (`ro` in the spec, e.g. an NVMe completion entry): read, never written. */
export const deviceWritten = (word: IrRegister): boolean => word.fields.every((f) => f.sw === 'r');

/** Whether software writes any word of the layout (else it has no publish()/set at all). */
export const softwareWrites = (l: IrLayout): boolean => l.words.some((w) => !deviceWritten(w));

/**
 * The layouts a back end emits: each layout as declared (its common words), then one layout per variant
 * named `<layout>_<variant>` holding the common words and the variant's, in offset order — the entry
 * as that command sees it (NVMe `sqe_identify`, `sqe_rw`, …). Owner and done are the layout's.
 */
export function withVariants(layouts: readonly IrLayout[]): IrLayout[] {
  const out: IrLayout[] = [...layouts];
  for (const l of layouts) {
    for (const v of l.variants ?? []) {
      const { variants: _variants, ...base } = l;
      const words = [...l.words, ...v.words].sort((a, b) => a.offset - b.offset);
      out.push({ ...base, name: `${l.name}_${v.name}`, doc: v.doc || l.doc, words, at: v.at });
    }
  }
  return out;
}
