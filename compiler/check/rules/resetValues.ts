// Reset values fit: the register's in its width, a field's in its bits, and where both are given
// they agree on the field's bits (docs/language.md "Fields").
import { bitsOf, hex } from '../../ir/bits.js';
import { note } from '../../diagnostics/reporter.js';
import { allRegistersOf } from '../walk.js';
import type { Rule } from './rule.js';

export const resetValues: Rule = (model, reporter) => {
  for (const reg of allRegistersOf(model)) {
    const what = reg.isWord ? 'word' : 'register';
    let regOk = reg.reset !== undefined;
    if (reg.reset !== undefined && reg.width !== undefined && reg.reset > bitsOf(0, reg.width)) {
      reporter.report('resetTooWide', `reset value ${hex(reg.reset)} does not fit the ${reg.width}-bit ${what} '${reg.name}' (at most ${hex(bitsOf(0, reg.width))})`, reg.resetSpan!);
      regOk = false;
    }
    for (const f of reg.fields) {
      if (f.implicit || f.reset === undefined || f.msb === undefined || f.lsb === undefined || f.msb < f.lsb) continue;
      const width = f.msb - f.lsb + 1;
      const max = bitsOf(0, width);
      if (f.reset > max) {
        reporter.report('fieldResetTooWide', `reset value ${hex(f.reset)} does not fit the ${width}-bit field '${f.name}' (at most ${hex(max)})`, f.resetSpan!);
        continue;
      }
      if (regOk) {
        const fromReg = (reg.reset! >> BigInt(f.lsb)) & max;
        if (fromReg !== f.reset) {
          reporter.report(
            'resetDisagrees',
            `field '${f.name}' resets to ${hex(f.reset)} but the reset ${hex(reg.reset!)} of '${reg.name}' gives it ${hex(fromReg)}; make them agree or drop one`,
            f.resetSpan!,
            [note(`${what} reset given here`, reg.resetSpan!)],
          );
        }
      }
    }
  }
};
