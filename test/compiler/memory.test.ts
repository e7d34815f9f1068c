// releaseGarbage (compiler/memory.ts) runs a full collection without `node --expose-gc`, and leaves
// the program's own global scope as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { releaseGarbage } from '../../compiler/memory.js';

test('collects past the threshold, not below it', async () => {
  assert.is(releaseGarbage(Number.MAX_SAFE_INTEGER), false);
  // An object only a WeakRef holds is gone after a full collection (the WeakRef is cleared after
  // the turn that created it, hence the wait).
  let ref: WeakRef<object> | undefined;
  (() => {
    ref = new WeakRef({ big: new Array(1000).fill(0) });
  })();
  await new Promise((r) => setTimeout(r, 0));
  assert.is(releaseGarbage(0), true);
  assert.is(ref!.deref(), undefined);
  assert.is((globalThis as { gc?: unknown }).gc, undefined, 'no gc() left on the global object');
});

test.run();
