// SVD names → .regs identifiers ([A-Za-z_][A-Za-z0-9_]*), unique within their scope.

export function identifier(raw: string, lowercase: boolean): string {
  let s = raw.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/__+/g, '_');
  if (s.length > 1) s = s.replace(/_+$/, '');
  if (s === '' || s === '_') s = 'unnamed';
  if (/^[0-9]/.test(s)) s = '_' + s;
  return lowercase ? s.toLowerCase() : s;
}

/** The name of a dim array: `%s` and `[%s]` removed (`CCR%s` → `CCR`, `CH%s_CR` → `CH_CR`). */
export function arrayName(raw: string): string {
  const s = raw.replace(/\[%s\]/g, '').replace(/%s/g, '').replace(/__+/g, '_').replace(/^_+|_+$/g, '');
  return s === '' ? raw.replace(/[[\]%]/g, '') : s;
}

/** One element of an expanded dim list: `%s` replaced by its index (`[%s]` becomes `_<index>`). */
export function expandedName(raw: string, index: string): string {
  return raw.replace(/\[%s\]/g, `_${index}`).replace(/%s/g, index);
}

/** Names already taken in one scope; a repeat gets `_2`, `_3`, … */
export class Scope {
  private readonly taken = new Set<string>();

  /** The name to use, and whether it had to change. */
  take(name: string): { name: string; renamed: boolean } {
    let candidate = name;
    for (let i = 2; this.taken.has(candidate); i++) candidate = `${name}_${i}`;
    this.taken.add(candidate);
    return { name: candidate, renamed: candidate !== name };
  }
}
