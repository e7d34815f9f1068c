// `regmill lsp --stdio`: the language server for editors (cli/lsp/server.ts), speaking LSP over stdin and
// stdout. Loaded only when used, like every command with dependencies of its own.
import type { Command } from '../command.js';

const usage = `Usage: regmill lsp --stdio

Runs the regmill language server on stdin/stdout (LSP JSON-RPC): diagnostics as you type, hover,
go to definition, references, outline, completion, formatting and semantic tokens for .regs files.
Editors start it themselves; see docs/editor.md.`;

export const lspCommand: Command = {
  name: 'lsp',
  summary: 'the language server for editors (LSP over --stdio)',
  usage,
  async run(argv, io) {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout(usage + '\n');
      return 0;
    }
    const unknown = argv.filter((a) => a !== '--stdio' && !a.startsWith('--clientProcessId'));
    if (!argv.includes('--stdio') || unknown.length > 0) {
      io.stderr(`regmill lsp: error: ${unknown.length ? `unknown option '${unknown[0]}'` : 'give --stdio (the only transport)'}\n\n${usage}\n`);
      return 2;
    }
    const { startServer } = await import('../lsp/server.js');
    return startServer(process.stdin, process.stdout);
  },
};
