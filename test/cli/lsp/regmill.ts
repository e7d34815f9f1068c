// `regmill` run from the TypeScript sources (through tsx), so child-process tests need no dist/ build.
import { main } from '../../../cli/main.js';
process.exitCode = await main(process.argv.slice(2));
