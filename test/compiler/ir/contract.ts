// Reads the member lists of the interfaces in compiler/ir/ir.ts (name and optionality of each
// `readonly` member at the interface's top level), so the schema test can compare them with
// schema.json's $defs. A line-based reader is enough: ir.ts declares one member per line.
import { readFileSync } from 'node:fs';

export interface InterfaceShape {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export function readInterfaces(file: string): Map<string, InterfaceShape> {
  const out = new Map<string, InterfaceShape>();
  let current: { name: string; required: string[]; optional: string[] } | undefined;
  let depth = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const code = line.replace(/\/\/.*$/, '');
    if (!current) {
      const start = /^export interface (\w+)(?:\s+extends\s+[\w, ]+)?\s*\{/.exec(code);
      if (start) {
        current = { name: start[1]!, required: [], optional: [] };
        depth = 1;
        if (/\}\s*$/.test(code.slice(start[0].length))) {
          // single-line interface `export interface X { a: T; b?: U }`
          for (const m of code.slice(start[0].length).matchAll(/readonly (\w+)(\?)?:/g)) (m[2] ? current.optional : current.required).push(m[1]!);
          out.set(current.name, { required: current.required, optional: current.optional });
          current = undefined;
        }
      }
      continue;
    }
    const member = depth === 1 ? /^\s*readonly (\w+)(\?)?:/.exec(code) : null;
    if (member) (member[2] ? current.optional : current.required).push(member[1]!);
    for (const ch of code) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth === 0) {
      out.set(current.name, { required: current.required, optional: current.optional });
      current = undefined;
    }
  }
  return out;
}

/** `export type X = 'a' | 'b';` aliases of ir.ts (one line each), as name → literal values. */
export function readStringUnions(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^export type (\w+) = ((?:'[^']*'\s*\|?\s*)+);/gm)) {
    out.set(m[1]!, [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!));
  }
  return out;
}
