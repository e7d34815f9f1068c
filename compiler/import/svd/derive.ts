// `derivedFrom` on peripherals, clusters, registers, fields and enumeratedValues, resolved on the
// element tree: the derived element is a copy of its (resolved) base with its own children laid over
// it — named items (registers, clusters, fields, enumerated values) replace the base's item of the
// same name or are added, any other child replaces the base's children of that tag.
import { child, childText, type XmlElement } from './xml.js';

/** Items merged by their <name>; containers whose items are merged one level down. */
const ITEMS = new Set(['register', 'cluster', 'field', 'enumeratedValue']);
const CONTAINERS = new Set(['registers', 'fields']);
/** Never copied from the base: identity, instance-only data and (unless the name has %s) dim. */
const NOT_INHERITED = new Set(['name', 'interrupt', 'alternatePeripheral']);
const DIM = new Set(['dim', 'dimIncrement', 'dimIndex', 'dimName', 'dimArrayIndex']);
/** Alternative spellings of one property: a derived element giving any of them replaces them all. */
const GROUPS: readonly (readonly string[])[] = [['bitOffset', 'bitWidth', 'lsb', 'msb', 'bitRange']];
/** Elements a derivedFrom may name, and the children they are found in. */
const NAMED = new Set(['peripheral', 'cluster', 'register', 'field', 'enumeratedValues']);

export type DeriveWarning = (el: XmlElement, message: string) => void;

export class Deriver {
  private readonly byPath = new Map<string, XmlElement>();
  /** Enumerated values are often named by their own name alone, wherever they are defined. */
  private readonly enumsByName = new Map<string, XmlElement>();
  /** The path of the scope each element was written in (its parent's names). */
  private readonly scopeOf = new WeakMap<XmlElement, readonly string[]>();
  private readonly done = new WeakMap<XmlElement, XmlElement>();
  private readonly active = new Set<XmlElement>();

  constructor(
    device: XmlElement,
    private readonly warn: DeriveWarning,
  ) {
    this.index(device, []);
  }

  private index(el: XmlElement, scope: readonly string[]): void {
    for (const c of el.children) {
      if (NAMED.has(c.name)) {
        this.scopeOf.set(c, scope);
        const name = childText(c, 'name');
        if (name === undefined) {
          this.index(c, scope);
          continue;
        }
        const path = [...scope, name];
        const key = path.join('.');
        if (!this.byPath.has(key)) this.byPath.set(key, c);
        if (c.name === 'enumeratedValues' && !this.enumsByName.has(name)) this.enumsByName.set(name, c);
        this.index(c, path);
      } else {
        this.index(c, scope);
      }
    }
  }

  /** The element with its derivedFrom applied (the element itself when it has none). */
  resolve(el: XmlElement): XmlElement {
    const ref = el.attrs['derivedFrom'];
    if (ref === undefined) return el;
    const cached = this.done.get(el);
    if (cached) return cached;
    if (this.active.has(el)) {
      this.warn(el, `derivedFrom="${ref}" leads back to this <${el.name}> (a derivation cycle); it is imported without the derivation`);
      return el;
    }
    const base = this.find(el, ref.trim());
    if (!base) {
      this.warn(el, `derivedFrom="${ref}": no <${el.name}> of that name; it is imported without the derivation`);
      this.done.set(el, el);
      return el;
    }
    this.active.add(el);
    const resolvedBase = this.resolve(base);
    this.active.delete(el);
    const merged = merge(resolvedBase, el, true);
    this.scopeOf.set(merged, this.scopeOf.get(el) ?? []);
    this.done.set(el, merged);
    return merged;
  }

  /** The base element `ref` names: relative to the scope el was written in, then outward to the device. */
  base(el: XmlElement): XmlElement | undefined {
    const ref = el.attrs['derivedFrom'];
    return ref === undefined ? undefined : this.find(el, ref.trim());
  }

  private find(el: XmlElement, ref: string): XmlElement | undefined {
    const scope = this.scopeOf.get(el) ?? [];
    for (let n = scope.length; n >= 0; n--) {
      const hit = this.byPath.get([...scope.slice(0, n), ref].join('.'));
      if (hit && hit !== el && hit.name === el.name) return hit;
    }
    if (el.name === 'enumeratedValues') {
      const hit = this.enumsByName.get(ref.split('.').pop() ?? ref);
      if (hit && hit !== el) return hit;
    }
    return undefined;
  }
}

function itemName(el: XmlElement): string | undefined {
  return childText(el, 'name');
}

function merge(base: XmlElement, derived: XmlElement, top: boolean): XmlElement {
  const used = new Set<XmlElement>();
  const ownTags = new Set(derived.children.map((c) => c.name));
  for (const g of GROUPS) if (g.some((t) => ownTags.has(t))) for (const t of g) ownTags.add(t);
  const derivedName = childText(derived, 'name') ?? '';
  const inheritDim = top && !child(derived, 'dim') && derivedName.includes('%s');
  const children: XmlElement[] = [];
  for (const c of base.children) {
    if (top && NOT_INHERITED.has(c.name)) continue;
    if (top && DIM.has(c.name) && !inheritDim) continue;
    if (ITEMS.has(c.name)) {
      const name = itemName(c);
      const own = derived.children.find((d) => d.name === c.name && !used.has(d) && name !== undefined && itemName(d) === name);
      if (own) used.add(own);
      children.push(own ?? c);
    } else if (CONTAINERS.has(c.name) && ownTags.has(c.name)) {
      const own = derived.children.find((d) => d.name === c.name && !used.has(d));
      if (own) {
        used.add(own);
        children.push(merge(c, own, false));
      }
    } else if (!ownTags.has(c.name)) {
      children.push(c);
    }
  }
  for (const d of derived.children) if (!used.has(d)) children.push(d);
  const attrs: Record<string, string> = { ...derived.attrs };
  delete attrs['derivedFrom'];
  return { name: derived.name, attrs, children, text: derived.text, start: derived.start };
}
