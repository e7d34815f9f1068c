// Free text (spec docs, generated descriptions) → a JSDoc block that cannot end early: the text is
// the user's, so a `*/` in it would close the comment and turn the rest into code.

/** Every line break JavaScript knows: U+2028/U+2029 end a line (and a `//` comment) too. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** Text for a `//` comment: any line break in it would end the comment and make the rest code. */
export function oneLine(text: string): string {
  return text.split(LINE_BREAK).join(' ');
}

/** `*\/` reads the same in every JSDoc renderer and can no longer close the comment. */
export function escapeCommentEnd(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

/**
 * JSDoc lines for `paragraphs` at `indent`: one `/** … *\/` line for one line of text, else a block
 * with one ` * ` line per text line and one empty ` *` line between paragraphs (runs of blank lines
 * fold to one; leading and trailing ones go). Nothing at all for text that is only blank.
 */
export function jsDoc(paragraphs: string | readonly string[], indent = ''): string[] {
  const lines: string[] = [];
  for (const p of typeof paragraphs === 'string' ? [paragraphs] : paragraphs) {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    for (const raw of p.split(LINE_BREAK)) {
      const line = escapeCommentEnd(raw.trim());
      if (line !== '' || (lines.length > 0 && lines[lines.length - 1] !== '')) lines.push(line);
    }
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}
