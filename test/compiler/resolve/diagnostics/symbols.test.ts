// The diagnostics of compiler/resolve/symbols.ts: Top-level names of the whole program (constants,
// enums, blocks, layouts) and which files see them: a file sees its own declarations and those of the
// files it imports, transitively. The first declaration of a name wins; the duplicate-name rule
// reports the others.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';
import { inBar } from '../../check/harness.js';

cases([
  {
    name: 'unknown constant (RM0202)',
    spec: inBar('    register a @ BASE : 32;'),
    expect: ["3:18 RM0202 unknown constant 'BASE'"],
  },
  {
    name: 'unknown constant with a case hint (RM0202)',
    spec: 'const Base = 4;\n' + inBar('    register a @ BASE : 32;'),
    expect: ["4:18 RM0202 unknown constant 'BASE'; did you mean 'Base'?"],
  },
  {
    name: 'unknown enum type (RM0203)',
    spec: inBar('    register f @ 4 : 32 { field m [1:0] enum modes; }'),
    expect: ["3:46 RM0203 unknown enum 'modes'"],
  },
  {
    name: 'unknown block type (RM0204)',
    spec: inBar('    block q @ 0x10 : queue;'),
    expect: ["3:22 RM0204 unknown block type 'queue'"],
  },
  {
    name: 'unknown layout (RM0205)',
    spec: 'device d {\n  ring r of desc { count 4; }\n}\n',
    expect: ["2:13 RM0205 unknown layout 'desc'"],
  },
]);
