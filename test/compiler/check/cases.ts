// Table-driven diagnostics tests: each case is one spec and the exact diagnostics it must produce.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from './harness.js';

export interface Case {
  readonly name: string;
  readonly spec: string | Readonly<Record<string, string>>;
  readonly expect: readonly string[];
}

export function cases(list: readonly Case[]): void {
  for (const c of list) {
    test(c.name, () => {
      const r = run(c.spec);
      assert.equal(r.lines, [...c.expect]);
      // A spec with an error never yields IR; a spec with only warnings does.
      const hasError = r.diagnostics.some((d) => d.severity === 'error');
      assert.is(r.ir === undefined, hasError);
    });
  }
  test.run();
}
