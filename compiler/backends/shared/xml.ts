// A tiny XML writer for the description exports (SVD, IP-XACT): elements in the order the schema's
// sequences require, text escaped, two-space indents.

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An element: text content, children, or nothing (self-closing). Undefined children are skipped. */
export interface XmlNode {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly (XmlNode | undefined)[];
}

export function el(name: string, content?: string | number | readonly (XmlNode | undefined)[], attrs?: Record<string, string>): XmlNode {
  if (content === undefined) return { name, ...(attrs ? { attrs } : {}) };
  if (typeof content === 'string' || typeof content === 'number') return { name, text: String(content), ...(attrs ? { attrs } : {}) };
  return { name, children: content, ...(attrs ? { attrs } : {}) };
}

/** An element only when its text is non-empty (optional schema elements). */
export function opt(name: string, text: string | undefined): XmlNode | undefined {
  return text ? el(name, text) : undefined;
}

export function renderXml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const walk = (n: XmlNode, indent: string): void => {
    const attrs = Object.entries(n.attrs ?? {})
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    const kids = (n.children ?? []).filter((c): c is XmlNode => c !== undefined);
    if (n.text !== undefined) out.push(`${indent}<${n.name}${attrs}>${escapeXml(n.text)}</${n.name}>`);
    else if (kids.length === 0) out.push(`${indent}<${n.name}${attrs}/>`);
    else {
      out.push(`${indent}<${n.name}${attrs}>`);
      for (const k of kids) walk(k, indent + '  ');
      out.push(`${indent}</${n.name}>`);
    }
  };
  walk(root, '');
  return out.join('\n') + '\n';
}

export function hexOf(n: number | bigint | string): string {
  const v = typeof n === 'string' ? BigInt(n) : BigInt(n);
  return '0x' + v.toString(16).toUpperCase().padStart(1, '0');
}
