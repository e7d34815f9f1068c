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

/**
 * The device head the ring-array cases share (seven lines, so their rings start on line 8): a phase-tag
 * layout, a CAP with a depth and a doorbell stride field, a doorbell array whose stride CAP gives, and
 * a block array of queue registers.
 */
export const ringRegs = `layout e size 16 { word v @ 8 : 32 { field pp [1:0]; } word w @ 12 : 32 { field p [16]; } }
device d {
  bar 0 regs mmio size 0x4000 {
    register cap @ 0 : 64 ro { field mqes [15:0]; field dstrd [35:32]; field rc [40] rc; field wo [41] wo; }
    block q[2] @ 0x100 stride 0x10 { register t @ 0 : 32; register st @ 4 : 32 ro; }
    register db[8] @ 0x1000 stride 4 << cap.dstrd : 32 wo;
  }
`;
