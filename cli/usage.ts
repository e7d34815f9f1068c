import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './command.js';

/** Prints `regmill <cmd>: error: <message>` and the usage; returns exit code 2. */
export function usageError(io: CliIO, cmd: string, message: string, usage: string): number {
  io.stderr(`regmill ${cmd}: error: ${message}\n\n${usage}\n`);
  return 2;
}

/**
 * Every command's argument parsing: node:util parseArgs plus `-h/--help`. Returns the parsed
 * values, or the exit code when there is nothing more to do (usage error: 2; help printed: 0).
 * `V` is the shape of `options` as the command reads it.
 */
export function parseCommandArgs<V extends object>(
  io: CliIO,
  cmd: string,
  usage: string,
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  allowPositionals = true,
): { values: V; positionals: string[] } | number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    return usageError(io, cmd, (e as Error).message, usage);
  }
  if (parsed.values['help']) {
    io.stdout(usage + '\n');
    return 0;
  }
  return { values: parsed.values as V, positionals: parsed.positionals };
}
