// Facts about DMA layouts every back end derives the same way.
import type { IrLayout, IrRegister } from '../../ir/ir.js';

/** A word only the device writes (`ro` in the spec, e.g. an NVMe completion entry): read, never written. */
export const deviceWritten = (word: IrRegister): boolean => word.fields.every((f) => f.sw === 'r');

/** Whether software writes any word of the layout (else it has no publish()/set at all). */
export const softwareWrites = (l: IrLayout): boolean => l.words.some((w) => !deviceWritten(w));
