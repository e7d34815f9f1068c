// Words (or fields) declared `ro` in a layout are written only by the device (an NVMe completion entry,
// section 4.6). Software never writes them, so an `owner` there is meaningless (software hands an entry
// over by writing the owner), and a `done` there cannot be cleared by publish(): with writable words and
// no owner, publish() would have to write it. A layout whose words are all `ro` has no publish() at all.
import { layoutsOf } from '../walk.js';
import type { Rule } from './rule.js';

export const deviceWrittenWords: Rule = (model, reporter) => {
  for (const l of layoutsOf(model)) {
    const o = l.owner;
    if (o && o.field.access.sw === 'r') {
      reporter.report('deviceWrittenWord', `owner '${o.word.name}.${o.field.name}' is in word '${o.word.name}', which only the device writes (ro); software cannot hand the entry over through it`, o.span);
    }
    const d = l.done;
    const writable = l.words.some((w) => w.fields.some((f) => f.access.sw !== 'r'));
    if (d && !o && writable && d.field.access.sw === 'r') {
      reporter.report(
        'deviceWrittenWord',
        `done '${d.word.name}.${d.field.name}' is written only by the device (ro), but publish() of '${l.name}' would clear it (no owner); add an 'owner', or make every word ro (a device-written entry has no publish())`,
        d.span,
      );
    }
  }
};
