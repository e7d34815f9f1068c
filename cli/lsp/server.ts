// `regmill lsp --stdio`: the language server. Every open buffer is analysed with its imports (open
// buffers win over the disk) by the same loader, parser and checker as `regmill check`; every request is
// answered from that analysis, and a request that fails answers nothing rather than stopping the server.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, CompletionItemKind, SymbolKind, CodeActionKind,
  type Diagnostic as LspDiagnostic, type HoverParams, type DefinitionParams, type ReferenceParams, type DocumentSymbolParams,
  type CompletionParams, type DocumentFormattingParams, type CodeActionParams, type SemanticTokensParams, type CodeAction, type DocumentSymbol, type Location, type Range, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { Span } from '../../compiler/source/source.js';
import { lineColOf, type Source } from '../../compiler/source/source.js';
import { formatSpec } from '../../compiler/format/index.js';
import { analyze, type Analysis } from './analysis.js';
import { hoverText, irRegisters } from './hover.js';
import { complete, type ItemKind } from './completion.js';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './semanticTokens.js';
import { quickFix } from './fixes.js';
import type { Decl, SymbolIndex } from './symbols.js';

export const fileOf = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
export const uriOf = (file: string): string => (path.isAbsolute(file) ? pathToFileURL(file).href : file);

/** Re-analysis waits this long after the last keystroke (a burst of typing is analysed once). */
const DEBOUNCE_MS = 60;

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, note: DiagnosticSeverity.Information } as const;
const COMPLETION_KIND: Record<ItemKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  access: CompletionItemKind.EnumMember,
  register: CompletionItemKind.Property,
  block: CompletionItemKind.Module,
  field: CompletionItemKind.Field,
  bar: CompletionItemKind.Module,
  enum: CompletionItemKind.Enum,
  layout: CompletionItemKind.Struct,
  blockType: CompletionItemKind.Class,
};
const SYMBOL_KIND: Record<Decl['target']['kind'], SymbolKind> = {
  device: SymbolKind.Module,
  bar: SymbolKind.Namespace,
  register: SymbolKind.Property,
  field: SymbolKind.Field,
  blockInstance: SymbolKind.Object,
  blockType: SymbolKind.Class,
  enum: SymbolKind.Enum,
  enumValue: SymbolKind.EnumMember,
  layout: SymbolKind.Struct,
  interrupts: SymbolKind.Event,
  cause: SymbolKind.Event,
  ring: SymbolKind.Array,
  constant: SymbolKind.Constant,
  file: SymbolKind.File,
};

export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const connection = createConnection(input, output);
  const documents = new TextDocuments(TextDocument);
  const byFile = new Map<string, TextDocument>();
  const analyses = new Map<string, Analysis>();
  /** The last index that was built, per document: used while the current text does not lower. */
  const lastIndex = new Map<string, SymbolIndex>();
  /** Files each document's diagnostics were published to (its own and imported files), to clear later. */
  const published = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();

  const overlay = (file: string): string | undefined => byFile.get(file)?.getText();
  const sourceIn = (a: Analysis, file: string): Source | undefined => a.program.sources.get(file);
  const rangeOf = (a: Analysis, s: Span): Range => {
    const src = sourceIn(a, s.file) ?? { file: s.file, text: overlay(s.file) ?? '' };
    const p = (o: number) => {
      const lc = lineColOf(src, Math.min(o, src.text.length));
      return { line: lc.line - 1, character: lc.col - 1 };
    };
    return { start: p(s.start), end: p(s.end) };
  };
  const locationOf = (a: Analysis, s: Span): Location => ({ uri: uriOf(s.file), range: rangeOf(a, s) });

  const toLsp = (a: Analysis, d: Diagnostic): LspDiagnostic => {
    const fix = quickFix(d);
    return {
      range: rangeOf(a, d.span),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'regmill',
      message: d.message,
      ...(d.related?.length ? { relatedInformation: d.related.map((r) => ({ location: locationOf(a, r.span), message: r.message })) } : {}),
      ...(fix ? { data: { fix: { title: fix.title, range: rangeOf(a, fix.span), newText: fix.newText } } } : {}),
    };
  };

  const publish = (uri: string, a: Analysis): void => {
    const groups = new Map<string, LspDiagnostic[]>([[uri, []]]);
    for (const d of a.diagnostics) {
      const target = uriOf(d.span.file);
      // An open imported file publishes its own diagnostics.
      if (target !== uri && byFile.has(d.span.file)) continue;
      if (!groups.has(target)) groups.set(target, []);
      groups.get(target)!.push(toLsp(a, d));
    }
    for (const old of published.get(uri) ?? []) if (!groups.has(old)) groups.set(old, []);
    for (const [target, diagnostics] of groups) void connection.sendDiagnostics({ uri: target, diagnostics });
    published.set(uri, new Set([...groups].filter(([, ds]) => ds.length > 0).map(([u]) => u)));
  };

  const refresh = (uri: string): void => {
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      const a = analyze(fileOf(uri), overlay);
      analyses.set(uri, a);
      if (a.index) lastIndex.set(uri, a.index);
      publish(uri, a);
    } catch (e) {
      connection.console.error(`regmill lsp: analysing ${uri} failed: ${(e as Error).stack ?? String(e)}`);
    }
  };
  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      refresh(uri);
    }, delay));
  };
  /** After `file` changed: itself, then every open document that imports it. */
  const changed = (file: string, delay: number): void => {
    for (const doc of documents.all()) {
      const a = analyses.get(doc.uri);
      if (fileOf(doc.uri) === file || a?.program.sources.has(file)) schedule(doc.uri, delay);
    }
  };

  /** The analysis and index for a request, made now if a change is still waiting. */
  const current = (uri: string): { a: Analysis; index: SymbolIndex | undefined; file: string } | undefined => {
    if (timers.has(uri)) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      refresh(uri);
    }
    const a = analyses.get(uri);
    if (!a) return undefined;
    return { a, index: a.index ?? lastIndex.get(uri), file: fileOf(uri) };
  };
  const offsetAt = (uri: string, pos: { line: number; character: number }): number => documents.get(uri)?.offsetAt(pos) ?? 0;
  /** Runs a request handler; a failure is logged and answered with `fallback`. */
  const safe = <P, R>(name: string, fallback: R, f: (p: P) => R) => (p: P): R => {
    try {
      return f(p);
    } catch (e) {
      connection.console.error(`regmill lsp: ${name} failed: ${(e as Error).stack ?? String(e)}`);
      return fallback;
    }
  };

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      completionProvider: { triggerCharacters: ['.', ' ', '='] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
    },
    serverInfo: { name: 'regmill' },
  }));

  documents.onDidOpen((e) => {
    byFile.set(fileOf(e.document.uri), e.document);
    changed(fileOf(e.document.uri), 0);
  });
  documents.onDidChangeContent((e) => {
    byFile.set(fileOf(e.document.uri), e.document);
    changed(fileOf(e.document.uri), DEBOUNCE_MS);
  });
  documents.onDidClose((e) => {
    const file = fileOf(e.document.uri);
    byFile.delete(file);
    analyses.delete(e.document.uri);
    lastIndex.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    for (const u of published.get(e.document.uri) ?? [e.document.uri]) void connection.sendDiagnostics({ uri: u, diagnostics: [] });
    published.delete(e.document.uri);
    changed(file, 0); // importers now read the file from disk
  });

  connection.onHover(safe('hover', null, (p: HoverParams) => {
    const c = current(p.textDocument.uri);
    const hit = c?.index?.at(c.file, offsetAt(p.textDocument.uri, p.position));
    if (!c || !c.index || !hit) return null;
    const text = hoverText({ index: c.index, ir: irRegisters(c.a.ir), sourceOf: (f) => sourceIn(c.a, f) }, hit.decl);
    return { contents: { kind: 'markdown', value: text }, range: rangeOf(c.a, hit.span) };
  }));

  connection.onDefinition(safe('definition', null, (p: DefinitionParams) => {
    const c = current(p.textDocument.uri);
    const hit = c?.index?.at(c.file, offsetAt(p.textDocument.uri, p.position));
    if (!c || !hit) return null;
    const d = hit.decl;
    return d.target.kind === 'file' ? { uri: uriOf(d.target.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : locationOf(c.a, d.nameSpan);
  }));

  connection.onReferences(safe('references', null, (p: ReferenceParams) => {
    const c = current(p.textDocument.uri);
    const hit = c?.index?.at(c.file, offsetAt(p.textDocument.uri, p.position));
    if (!c || !c.index || !hit) return null;
    const refs = c.index.referencesTo(hit.decl).map((r) => locationOf(c.a, r.span));
    if (p.context.includeDeclaration && hit.decl.target.kind !== 'file') refs.unshift(locationOf(c.a, hit.decl.nameSpan));
    return refs;
  }));

  connection.onDocumentSymbol(safe('documentSymbol', null, (p: DocumentSymbolParams) => {
    const c = current(p.textDocument.uri);
    if (!c || !c.index) return null;
    const toSymbol = (d: Decl): DocumentSymbol => ({
      name: d.name,
      kind: SYMBOL_KIND[d.target.kind],
      range: rangeOf(c.a, d.span),
      selectionRange: rangeOf(c.a, d.nameSpan),
      children: d.children.filter((k) => inside(k, d)).map(toSymbol),
    });
    const inside = (k: Decl, d: Decl): boolean => k.span.file === d.span.file && k.span.start >= d.span.start && k.span.end <= d.span.end && k.nameSpan.start >= k.span.start && k.nameSpan.end <= k.span.end;
    return c.index.roots.filter((d) => d.span.file === c.file && d.target.kind !== 'file').map(toSymbol);
  }));

  connection.onCompletion(safe('completion', null, (p: CompletionParams) => {
    const c = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const items = complete(doc.getText(), doc.offsetAt(p.position), fileOf(doc.uri), c?.index);
    const seen = new Set<string>();
    return items.filter((i) => !seen.has(i.label) && seen.add(i.label)).map((i) => ({ label: i.label, kind: COMPLETION_KIND[i.kind], ...(i.detail ? { detail: i.detail } : {}) }));
  }));

  connection.onDocumentFormatting(safe('formatting', null, (p: DocumentFormattingParams) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const text = doc.getText();
    const r = formatSpec(text, fileOf(doc.uri));
    // A file with syntax errors is left alone: the diagnostics already say what to fix first.
    if (!('text' in r) || r.text === text) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: r.text }];
  }));

  connection.onCodeAction(safe('codeAction', null, (p: CodeActionParams) => {
    const actions: CodeAction[] = [];
    for (const d of p.context.diagnostics) {
      const fix = (d.data as { fix?: { title: string; range: Range; newText: string } } | undefined)?.fix;
      if (!fix) continue;
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [p.textDocument.uri]: [{ range: fix.range, newText: fix.newText }] } } });
    }
    return actions;
  }));

  connection.languages.semanticTokens.on(safe('semanticTokens', { data: [] }, (p: SemanticTokensParams) => {
    const c = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    return { data: semanticTokens({ file: fileOf(doc.uri), text: doc.getText() }, c?.index) };
  }));

  documents.listen(connection);
  return new Promise((resolve) => {
    connection.onExit(() => resolve(0));
    input.on('end', () => resolve(0));
    connection.listen();
  });
}

