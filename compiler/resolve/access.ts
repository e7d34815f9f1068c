// Access items as written (`rc w1c`, `sw=rw onwrite=w1c`) → one explicit {sw, onRead, onWrite}, per the
// combination rules in docs/language.md "Access": at most one sw shorthand, one read effect and one
// write effect; ro forbids write effects, wo read effects, na both; properties override shorthands.
import type { OnRead, OnWrite, Sw } from '../ir/ir.js';
import type { AccessItem } from '../syntax/ast.js';
import type { Span } from '../source/source.js';
import type { Reporter } from '../diagnostics/reporter.js';
import type { Access } from '../model/model.js';
import { closest, didYouMean } from '../diagnostics/suggest.js';

interface Shorthand {
  readonly sw?: Sw;
  readonly onRead?: OnRead;
  readonly onWrite?: OnWrite;
}

const SHORTHANDS: Readonly<Record<string, Shorthand>> = {
  rw: { sw: 'rw' },
  ro: { sw: 'r' },
  r: { sw: 'r' },
  wo: { sw: 'w' },
  w: { sw: 'w' },
  na: { sw: 'na' },
  rc: { onRead: 'clear' },
  rs: { onRead: 'set' },
  w1c: { onWrite: 'w1c' },
  w1s: { onWrite: 'w1s' },
  w1t: { onWrite: 'w1t' },
  w0c: { onWrite: 'w0c' },
  w0s: { onWrite: 'w0s' },
  w0t: { onWrite: 'w0t' },
  wclr: { onWrite: 'wclr' },
  wset: { onWrite: 'wset' },
  pulse: { onWrite: 'pulse' },
};

/** Every access shorthand, for editors (completion, highlighting). */
export const ACCESS_SHORTHANDS: readonly string[] = Object.keys(SHORTHANDS);

export const PROPERTY_VALUES = {
  sw: ['rw', 'r', 'w', 'na'],
  onread: ['none', 'clear', 'set'],
  onwrite: ['none', 'w1c', 'w1s', 'w1t', 'w0c', 'w0s', 'w0t', 'wclr', 'wset', 'pulse'],
} as const;

/** Spellings from other register tools (OpenTitan, Corsair, SVD), with the regmill equivalent. */
const FOREIGN: Readonly<Record<string, string>> = {
  rw1c: 'w1c', rw1s: 'w1s', rw0c: 'w0c', r0w1c: 'w1c', roc: 'rc', rclr: 'rc', rset: 'rs', woclr: 'w1c', woset: 'w1s',
  wot: 'w1t', wzc: 'w0c', wzs: 'w0s', wzt: 'w0t', wosc: 'wo pulse', singlepulse: 'pulse', none: 'na', readonly: 'ro', writeonly: 'wo',
};

function suggestion(name: string): string {
  return didYouMean(FOREIGN[name.toLowerCase()] ?? closest(name, Object.keys(SHORTHANDS), 0));
}

export const DEFAULT_ACCESS: Access = { sw: 'rw', onRead: 'none', onWrite: 'none' };

/** The span covering all items, for diagnostics about the combination. */
export function accessSpan(items: readonly AccessItem[], fallback: Span): Span {
  if (items.length === 0) return fallback;
  return { file: items[0]!.span.file, start: items[0]!.span.start, end: items[items.length - 1]!.span.end };
}

const label = (item: AccessItem): string => (item.kind === 'shorthand' ? item.name : `${item.key}=${item.value.name}`);

/** Resolves `items`; with none, the result is `inherited` (a field takes its register's access). */
export function resolveAccess(items: readonly AccessItem[], inherited: Access, reporter: Reporter): Access {
  if (items.length === 0) return inherited;
  let sw: { v: Sw; item: AccessItem } | undefined;
  let onRead: { v: OnRead; item: AccessItem } | undefined;
  let onWrite: { v: OnWrite; item: AccessItem } | undefined;
  const props: { sw?: Sw; onread?: OnRead; onwrite?: OnWrite } = {};
  const propItems: Partial<Record<'sw' | 'onread' | 'onwrite', AccessItem>> = {};

  for (const item of items) {
    if (item.kind === 'property') {
      const allowed: readonly string[] = PROPERTY_VALUES[item.key];
      const v = item.value.name;
      if (!allowed.includes(v)) {
        reporter.report('unknownAccess', `unknown ${item.key} value '${v}'; expected one of ${allowed.join(', ')}`, item.value.span);
        continue;
      }
      const prev = propItems[item.key];
      if (prev && props[item.key] !== v) {
        reporter.report('contradictoryAccess', `contradictory access: '${label(prev)}' and '${label(item)}'; give ${item.key} once`, item.span);
        continue;
      }
      (props as Record<string, string>)[item.key] = v;
      propItems[item.key] = item;
      continue;
    }
    const s = SHORTHANDS[item.name];
    if (!s) {
      reporter.report(
        'unknownAccess',
        `unknown access '${item.name}'${suggestion(item.name)}; expected one of ${Object.keys(SHORTHANDS).join(', ')} or sw=/onread=/onwrite=`,
        item.span,
      );
      continue;
    }
    if (s.sw) {
      if (sw && sw.v !== s.sw) {
        reporter.report('contradictoryAccess', `contradictory access: '${label(sw.item)}' and '${item.name}' both say what software may do; keep one`, item.span);
        continue;
      }
      sw = { v: s.sw, item };
    }
    if (s.onRead) {
      if (onRead && onRead.v !== s.onRead) {
        reporter.report('contradictoryAccess', `contradictory access: '${label(onRead.item)}' and '${item.name}' are both read effects; a field has at most one`, item.span);
        continue;
      }
      onRead = { v: s.onRead, item };
    }
    if (s.onWrite) {
      if (onWrite && onWrite.v !== s.onWrite) {
        reporter.report('contradictoryAccess', `contradictory access: '${label(onWrite.item)}' and '${item.name}' are both write effects; a field has at most one`, item.span);
        continue;
      }
      onWrite = { v: s.onWrite, item };
    }
  }

  // Shorthand conflicts between what software may do and the effects named with it.
  if (sw && onWrite && (sw.v === 'r' || sw.v === 'na')) {
    reporter.report('contradictoryAccess', `contradictory access: '${label(sw.item)}' forbids writing but '${label(onWrite.item)}' is a write effect; drop '${label(sw.item)}'`, onWrite.item.span);
    onWrite = undefined;
  }
  if (sw && onRead && (sw.v === 'w' || sw.v === 'na')) {
    reporter.report('contradictoryAccess', `contradictory access: '${label(sw.item)}' forbids reading but '${label(onRead.item)}' is a read effect; drop '${label(sw.item)}'`, onRead.item.span);
    onRead = undefined;
  }

  let resolvedSw: Sw = sw?.v ?? (onWrite ? 'rw' : onRead ? 'r' : inherited.sw);
  let resolvedRead: OnRead = onRead?.v ?? 'none';
  let resolvedWrite: OnWrite = onWrite?.v ?? 'none';
  // Explicit properties override shorthands, but must still make sense together.
  if (props.sw) resolvedSw = props.sw;
  if (props.onread) resolvedRead = props.onread;
  if (props.onwrite) resolvedWrite = props.onwrite;
  const canWrite = resolvedSw === 'rw' || resolvedSw === 'w';
  const canRead = resolvedSw === 'rw' || resolvedSw === 'r';
  if (!canWrite && resolvedWrite !== 'none' && (props.sw || props.onwrite)) {
    const at = propItems.onwrite ?? propItems.sw!;
    reporter.report('contradictoryAccess', `contradictory access: sw=${resolvedSw} cannot be written, so onwrite=${resolvedWrite} can never happen; use sw=rw or sw=w`, at.span);
    resolvedWrite = 'none';
  }
  if (!canRead && resolvedRead !== 'none' && (props.sw || props.onread)) {
    const at = propItems.onread ?? propItems.sw!;
    reporter.report('contradictoryAccess', `contradictory access: sw=${resolvedSw} cannot be read, so onread=${resolvedRead} can never happen; use sw=rw or sw=r`, at.span);
    resolvedRead = 'none';
  }
  return { sw: resolvedSw, onRead: resolvedRead, onWrite: resolvedWrite };
}
