// A small element tree over saxes: just what SVD needs (elements, attributes, text), each element
// with the offset of its `<` so every warning can point at the XML it is about.
import { SaxesParser } from 'saxes';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside the element (text and CDATA). */
  text: string;
  /** Offset of the element's `<` in the document. */
  readonly start: number;
}

export type XmlResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly col: number };

/** Parses a whole document; the first well-formedness error stops it (saxes reports line:col). */
export function parseXml(text: string): XmlResult {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: { message: string; line: number; col: number } | undefined;
  let start = 0;

  parser.on('opentagstart', () => {
    // The event fires once the name is read; the `<` is the last one before the parser's position.
    start = text.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attrs: { ...tag.attributes }, children: [], text: '', start };
    const parent = stack[stack.length - 1];
    if (parent) {
      // Indentation between elements is not content; only leaf text is read.
      if (parent.children.length === 0 && parent.text.trim() === '') parent.text = '';
      parent.children.push(el);
    }
    else root ??= el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string): void => {
    const el = stack[stack.length - 1];
    if (el && !(el.children.length > 0 && t.trim() === '')) el.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (e) => {
    // saxes prefixes its message with "line:col: "; we print our own location.
    failure ??= { message: e.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''), line: parser.line, col: parser.column + 1 };
    throw e;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (!failure) throw e;
  }
  if (failure) return { ok: false, ...failure };
  if (!root) return { ok: false, message: 'document has no root element', line: 1, col: 1 };
  return { ok: true, root };
}

/** The first child element called `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** Trimmed text of the first child called `name`, or undefined. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
