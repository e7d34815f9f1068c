// Registers and blocks of one scope do not overlap (arrays compared element by element, never
// expanded); layout words of one layout neither.
import type { MNode } from '../../model/model.js';
import { findOverlaps } from '../overlaps.js';
import { note } from '../../diagnostics/reporter.js';
import { layoutsOf, scopesOf } from '../walk.js';
import { hex } from '../../ir/bits.js';
import type { Rule } from './rule.js';

const label = (n: MNode, i: number | undefined): string => `${n.name}${i === undefined ? '' : `[${i}]`}`;

export const noOverlappingNodes: Rule = (model, reporter) => {
  const check = (nodes: readonly MNode[], code: 'overlap' | 'wordOverlap'): void => {
    for (const o of findOverlaps(nodes)) {
      const what = o.node.kind === 'register' ? (o.node.isWord ? 'word' : 'register') : 'block';
      reporter.report(
        code,
        `${what} '${label(o.node, o.index)}' at ${hex(o.start)}..${hex(o.end)} overlaps '${label(o.other, o.otherIndex)}' at ${hex(o.otherStart)}..${hex(o.otherEnd)}`,
        o.node.nameSpan,
        [note(`'${o.other.name}' declared here`, o.other.nameSpan)],
      );
    }
  };
  for (const s of scopesOf(model)) check(s.nodes, 'overlap');
  for (const l of layoutsOf(model)) check(l.words, 'wordOverlap');
};
