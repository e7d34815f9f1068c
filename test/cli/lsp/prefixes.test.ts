// Every prefix of a real spec, character by character, through the server's analysis and the request
// code (completion, hover, outline data, semantic tokens) in-process: none may throw. server.test.ts
// does a sampled version of this over JSON-RPC against the real child process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../cli/lsp/analysis.js';
import { complete } from '../../../cli/lsp/completion.js';
import { semanticTokens } from '../../../cli/lsp/semanticTokens.js';
import { hoverText, irRegisters } from '../../../cli/lsp/hover.js';

test('every prefix of specs/axi-gpio.regs: analysis, completion, hover and semantic tokens never throw', () => {
  const file = path.resolve('specs/axi-gpio.regs');
  const spec = readFileSync(file, 'utf8');
  let withModel = 0;
  const started = Date.now();
  for (let n = 0; n <= spec.length; n++) {
    const text = spec.slice(0, n);
    const a = analyze(file, (f) => (f === file ? text : undefined));
    if (a.model) withModel++;
    complete(text, n, file, a.index);
    semanticTokens({ file, text }, a.index);
    const ir = irRegisters(a.ir);
    for (const d of a.index?.declarations().slice(-3) ?? []) hoverText({ index: a.index!, ir, sourceOf: (f) => a.program.sources.get(f) }, d);
  }
  // The model exists for (nearly) every prefix: navigation keeps working while typing.
  assert.ok(withModel > spec.length * 0.9, `model for ${withModel} of ${spec.length + 1} prefixes`);
  assert.ok(Date.now() - started < 120000);
});

test.run();
