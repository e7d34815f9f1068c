// Warnings where a read-modify-write is a trap (docs/language.md "Safe writes"; svd2rust#540,
// chiptool#86): a w1c/rc field next to plain rw fields, and rw fields hardware also changes.
import type { MField } from '../../model/model.js';
import { registersOf } from '../walk.js';
import type { Rule } from './rule.js';

const plainRw = (f: MField): boolean => f.access.sw === 'rw' && f.access.onRead === 'none' && f.access.onWrite === 'none';

export const rmwHazards: Rule = (model, reporter) => {
  for (const reg of registersOf(model)) {
    if (reg.implicitField) continue;
    const rw = reg.fields.find(plainRw);
    if (!rw) continue;
    const clear = reg.fields.find((f) => f.access.onWrite === 'w1c' || f.access.onRead === 'clear');
    if (clear) {
      const message =
        clear.access.onRead === 'clear'
          ? `register '${reg.name}' mixes read-to-clear field '${clear.name}' with read-write field '${rw.name}': reading it to modify '${rw.name}' clears '${clear.name}', so modify() is not offered — consider splitting the register`
          : `register '${reg.name}' mixes w1c field '${clear.name}' with read-write field '${rw.name}': a read-modify-write of '${rw.name}' must not write back '${clear.name}'; generated modify() writes 0 there — consider splitting the register`;
      reporter.report('sideEffectMix', message, clear.nameSpan);
    }
    const hw = reg.fields.find((f) => plainRw(f) && f.volatile);
    // Only a modify() of another writable field writes a stale copy of `hw` back.
    const other = hw && reg.fields.find((f) => f !== hw && (f.access.sw === 'rw' || f.access.sw === 'w'));
    if (hw && other) {
      reporter.report(
        'volatileReadWrite',
        `field '${hw.name}' is read-write but ${reg.volatile ? `register '${reg.name}' is` : 'it is'} volatile: modify() of another field writes back a value read earlier and can undo a change the hardware made in between; mark only the hardware-changed fields volatile, or make '${hw.name}' ro`,
        hw.nameSpan,
      );
    }
  }
};
