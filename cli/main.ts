// `regmill`: dispatches to one sub-command. Every failure is a message and an exit code, never a
// stack trace (an internal bug prints one line asking for a report, plus the stack with REGMILL_DEBUG=1).
import type { Command, CliIO } from './command.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { VERSION } from '../compiler/version.js';

/** Commands that load the runtime (ffi-rs) are imported only when used. */
const lazy: Record<string, { summary: string; load: () => Promise<Command> }> = {
  dump: {
    summary: 'read and decode every register of a device (UIO, VFIO, sysfs, file or simulator)',
    load: async () => (await import('./commands/dump.js')).dumpCommand,
  },
  import: {
    summary: 'convert a CMSIS-SVD or IP-XACT file into a .regs spec',
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  fmt: {
    summary: 'print specs in the canonical style (--check to verify)',
    load: async () => (await import('./commands/fmt.js')).fmtCommand,
  },
  pack: {
    summary: "make a ready-to-publish npm package of a spec's bindings",
    load: async () => (await import('./commands/pack.js')).packCommand,
  },
  lsp: {
    summary: 'the language server for editors (LSP over --stdio)',
    load: async () => (await import('./commands/lsp.js')).lspCommand,
  },
  doctor: {
    summary: 'check this host for UIO/VFIO readiness and say what to fix',
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
};

const eager: Command[] = [buildCommand, checkCommand];

function help(): string {
  const rows: [string, string][] = [...eager.map((c): [string, string] => [c.name, c.summary]), ...Object.entries(lazy).map(([n, c]): [string, string] => [n, c.summary])];
  return `regmill ${VERSION} — register-map specs to typed userspace drivers

Usage: regmill <command> [options]

Commands:
${rows.map(([n, s]) => `  ${n.padEnd(8)} ${s}`).join('\n')}

Run 'regmill <command> --help' for a command's options.
Language reference: docs/language.md`;
}

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(help() + '\n');
    return name ? 0 : 2;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  try {
    const cmd = eager.find((c) => c.name === name) ?? (lazy[name] ? await lazy[name].load() : undefined);
    if (!cmd) {
      io.stderr(`regmill: error: unknown command '${name}'\n\n${help()}\n`);
      return 2;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    const err = e as Error & { code?: string };
    // Runtime errors (SysError etc.) carry their own clear message; anything else is a regmill bug.
    if (err && typeof err.code === 'string') {
      io.stderr(`regmill ${name}: error: ${err.message}\n`);
      return 1;
    }
    io.stderr(`regmill ${name}: internal error: ${err?.message ?? String(e)}\nThis is a bug in regmill; please report it with the input that caused it.${process.env.REGMILL_DEBUG ? '\n' + err?.stack : ' (REGMILL_DEBUG=1 shows the stack)'}\n`);
    return 70;
  }
}
