// The block types one device uses have distinct names: an inline block's generated type name
// `<parent>_<name>` must not be taken by another block type of the device.
import { blockTypesOf } from '../../model/blockTypesOf.js';
import type { MBlockType } from '../../model/model.js';
import { note } from '../../diagnostics/reporter.js';
import type { Rule } from './rule.js';

export const uniqueBlockTypeNames: Rule = (model, reporter) => {
  const reported = new Set<MBlockType>();
  for (const d of model.devices) {
    const byName = new Map<string, MBlockType>();
    for (const t of blockTypesOf(d)) {
      const prev = byName.get(t.name);
      if (!prev) {
        byName.set(t.name, t);
        continue;
      }
      const [first, second] = prev.span.file === t.span.file && prev.span.start > t.span.start ? [t, prev] : [prev, t];
      const inline = second.inline ? second : first.inline ? first : undefined;
      if (!inline || reported.has(inline)) continue;
      reported.add(inline);
      const other = inline === second ? first : second;
      reporter.report(
        'duplicateName',
        `inline block '${inline.instance}' gets the type name '${inline.name}', which ${other.inline ? 'another inline block' : 'block type'} '${other.name}' already has; rename the block`,
        inline.nameSpan,
        [note(`'${other.name}' declared here`, other.nameSpan)],
      );
    }
  }
};
