// Bidirectional control characters (Unicode UAX #9 explicit formatting characters) in spec text make
// an editor or a browser show text in a different order than a compiler reads it: "Trojan Source",
// CVE-2021-42574. regmill warns where a spec string has one (RM0106) and never writes one into a
// generated text file: each becomes the six characters `\u202E`, which is the same character inside a
// TypeScript, JSON or C string literal and visible text in a comment, Markdown or HTML.

/** ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI (what gcc's -Wbidi-chars=any reports). */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, for search() and test() (no global state). */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const NAMES: Readonly<Record<number, string>> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)` */
export function describeBidi(ch: string): string {
  const code = ch.charCodeAt(0);
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${NAMES[code] ?? 'bidirectional control'})`;
}

export function escapeBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
