// `regmill/cli`: the `regmill` command as a function, for tools that embed it:
//   import { cli } from 'regmill/cli';
//   process.exitCode = await cli(['build', 'specs/edu.regs', '-o', 'out'], { stdout, stderr, cwd });
export { main as cli } from './main.js';
export type { CliIO } from './command.js';
