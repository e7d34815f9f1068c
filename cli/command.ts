// A CLI sub-command: parses its own argv, prints through io, returns the exit code. Never throws for
// bad input: it prints `regmill <cmd>: error: …` and returns 2 (usage) or 1 (failure).
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for `regmill --help`. */
  readonly summary: string;
  /** Full usage text for `regmill <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIO): Promise<number>;
}
