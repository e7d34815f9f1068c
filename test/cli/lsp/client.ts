// A minimal LSP client for tests: starts `regmill lsp --stdio` as a child process and speaks JSON-RPC
// to it over its stdin/stdout (vscode-jsonrpc), collecting published diagnostics per URI.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface PublishedDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string;
  message: string;
  relatedInformation?: { location: { uri: string }; message: string }[];
  data?: unknown;
}

export class LspClient {
  readonly child: ChildProcess;
  readonly rpc: MessageConnection;
  stderr = '';
  private readonly waiting = new Map<string, ((d: PublishedDiagnostic[]) => void)[]>();
  readonly latest = new Map<string, PublishedDiagnostic[]>();

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/cli/lsp/regmill.ts'), 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (b: Buffer) => void (this.stderr += b.toString()));
    this.rpc = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      this.latest.set(p.uri, p.diagnostics);
      const ws = this.waiting.get(p.uri) ?? [];
      this.waiting.delete(p.uri);
      for (const w of ws) w(p.diagnostics);
    });
    this.rpc.listen();
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    this.rpc.sendNotification('initialized', {});
    return r;
  }

  request<T>(method: string, params: unknown, timeoutMs = 20000): Promise<T> {
    return Promise.race([
      this.rpc.sendRequest(method, params) as Promise<T>,
      new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${method}: no answer in ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs).unref()),
    ]);
  }

  notify(method: string, params: unknown): void {
    void this.rpc.sendNotification(method, params);
  }

  /** The next diagnostics published for `uri` (call before the notification that causes them). */
  nextDiagnostics(uri: string, timeoutMs = 20000): Promise<PublishedDiagnostic[]> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} in ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      const list = this.waiting.get(uri) ?? [];
      list.push((d) => {
        clearTimeout(t);
        resolve(d);
      });
      this.waiting.set(uri, list);
    });
  }

  /** A request/response round trip: every notification sent before it has been handled. */
  async settle(uri: string): Promise<void> {
    await this.request('textDocument/documentSymbol', { textDocument: { uri } });
  }

  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      this.child.kill();
    }
    const code = await exited;
    this.rpc.dispose();
    return code;
  }
}
