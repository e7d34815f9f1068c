// The VS Code client: starts `regmill lsp --stdio` (the workspace's regmill, or one on PATH, or the
// command in the `regmill.server.command` setting) for every .regs file. Plain CommonJS so the
// extension needs no build step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('regmill').get('server.command') || [];
  if (configured.length > 0) return { command: configured[0], args: [...configured.slice(1), 'lsp', '--stdio'] };
  for (const folder of vscode.workspace.workspaceFolders || []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'regmill.cmd' : 'regmill');
    if (fs.existsSync(local)) return { command: local, args: ['lsp', '--stdio'] };
  }
  return { command: 'regmill', args: ['lsp', '--stdio'] };
}

function activate(context) {
  const { command, args } = serverCommand();
  const run = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient('regmill', 'regmill language server', { run, debug: run }, {
    documentSelector: [{ language: 'regs' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.regs') },
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start().catch((e) => {
    vscode.window.showErrorMessage(`regmill: could not start '${command} ${args.join(' ')}': ${e.message}. Install regmill in the workspace (npm install regmill) or set regmill.server.command.`);
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
