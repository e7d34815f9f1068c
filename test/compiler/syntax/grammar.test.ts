// The shared parser skips chevrotain's grammar validations at start-up (compiler/syntax/parser.ts);
// here they run: the grammar has no ambiguous alternatives, left recursion or clashing occurrence
// indexes (chevrotain throws "Parser Definition Errors detected" from performSelfAnalysis otherwise).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RegsParser } from '../../../compiler/syntax/parser.js';

test('the grammar passes chevrotain validations', () => {
  try {
    assert.instance(new RegsParser(true), RegsParser);
  } catch (e) {
    assert.unreachable(`grammar validation failed: ${(e as Error).message}`);
  }
});

test.run();
