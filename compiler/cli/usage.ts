import type { CliIO } from './command.js';

/** Prints `regmill <cmd>: error: <message>` and the usage; returns exit code 2. */
export function usageError(io: CliIO, cmd: string, message: string, usage: string): number {
  io.stderr(`regmill ${cmd}: error: ${message}\n\n${usage}\n`);
  return 2;
}
