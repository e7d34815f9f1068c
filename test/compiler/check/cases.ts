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

/** The device head the interrupt and path cases share: eight lines, so their groups start on line 9. */
export const interruptRegs = `device d {
  bar 0 regs mmio size 0x100 {
    register icr @ 0 : 32 rc { field a [0]; field b [1]; }
    register ims @ 4 : 32 { field a [0]; field b [1]; }
    register st @ 8 : 32 ro { field a [0]; }
    register sts @ 0xc : 32 w1c { field a [0]; }
    block q[2] @ 0x20 stride 0x10 { register s @ 0 : 32 w1c; }
  }
`;
