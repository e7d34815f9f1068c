// Top-level names of the whole program (constants, enums, blocks, layouts) and which files see them:
// a file sees its own declarations and those of the files it imports, transitively. The first
// declaration of a name wins; the duplicate-name rule reports the others.
import type { Span } from '../source/source.js';
import type { BlockDecl, ConstDecl, EnumDecl, LayoutDecl } from '../syntax/ast.js';
import type { Program } from './program.js';
import type { Reporter } from '../diagnostics/reporter.js';
import type { CodeName } from '../diagnostics/codes.js';
import type { MDeclared } from '../model/model.js';
import { closest, didYouMean } from '../diagnostics/suggest.js';

export interface SymbolKinds {
  readonly constant: ConstDecl;
  readonly enum: EnumDecl;
  readonly block: BlockDecl;
  readonly layout: LayoutDecl;
}
type Kind = keyof SymbolKinds;

const unknownCode: Record<Kind, CodeName> = {
  constant: 'unknownConstant',
  enum: 'unknownEnum',
  block: 'unknownBlock',
  layout: 'unknownLayout',
};

export class Symbols {
  private readonly tables: { [K in Kind]: Map<string, SymbolKinds[K]> } = {
    constant: new Map(),
    enum: new Map(),
    block: new Map(),
    layout: new Map(),
  };
  /** For each file, the set of files whose declarations it sees. */
  private readonly visibleFrom = new Map<string, Set<string>>();
  /** One namespace per kind, every declaration in load order (duplicates included). */
  readonly namespaces: { [K in Kind]: MDeclared[] } = { constant: [], enum: [], block: [], layout: [] };

  constructor(program: Program, private readonly reporter: Reporter) {
    const importsOf = new Map(program.files.map((f) => [f.path, f.imports]));
    for (const f of program.files) {
      const seen = new Set<string>([f.path]);
      const todo = [...f.imports];
      while (todo.length) {
        const p = todo.pop()!;
        if (seen.has(p)) continue;
        seen.add(p);
        todo.push(...(importsOf.get(p) ?? []));
      }
      this.visibleFrom.set(f.path, seen);
      for (const item of f.ast.items) {
        if (item.kind === 'const') this.add('constant', item);
        else if (item.kind === 'enum') this.add('enum', item);
        else if (item.kind === 'block') this.add('block', item);
        else if (item.kind === 'layout') this.add('layout', item);
      }
    }
  }

  private add<K extends Kind>(kind: K, decl: SymbolKinds[K]): void {
    this.namespaces[kind].push({ what: kind === 'block' ? 'block type' : kind, name: decl.name.name, nameSpan: decl.name.span });
    const table = this.tables[kind] as Map<string, SymbolKinds[K]>;
    if (!table.has(decl.name.name)) table.set(decl.name.name, decl);
  }

  /** The declaration `name` as seen from where `at` is; reports an unknown name there. */
  lookup<K extends Kind>(kind: K, name: string, at: Span): SymbolKinds[K] | undefined {
    const decl = (this.tables[kind] as Map<string, SymbolKinds[K]>).get(name);
    const visible = this.visibleFrom.get(at.file);
    if (decl && (!visible || visible.has(decl.span.file))) return decl;
    const what = kind === 'block' ? 'block type' : kind;
    const hint = decl
      ? `; it is declared in '${decl.span.file}', which this file does not import — add import "${decl.span.file}";`
      : this.suggest(kind, name);
    this.reporter.report(unknownCode[kind], `unknown ${what} '${name}'${hint}`, at);
    return undefined;
  }

  /** Like lookup, but silent: undefined when `name` is unknown or not visible from `at`. */
  find<K extends Kind>(kind: K, name: string, at: Span): SymbolKinds[K] | undefined {
    const decl = (this.tables[kind] as Map<string, SymbolKinds[K]>).get(name);
    const visible = this.visibleFrom.get(at.file);
    return decl && (!visible || visible.has(decl.span.file)) ? decl : undefined;
  }

  all<K extends Kind>(kind: K): SymbolKinds[K][] {
    return [...(this.tables[kind] as Map<string, SymbolKinds[K]>).values()];
  }

  /** A name that differs only in case (a near miss in spelling is more likely another name). */
  private suggest(kind: Kind, name: string): string {
    return didYouMean(closest(name, this.tables[kind].keys(), 0));
  }
}
