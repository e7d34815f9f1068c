// `npm run bench:vm -- --profile ts` prints the guest's profile on the host: the lines guest.ts writes
// (profileHeader, profileEntry) are picked out of a serial console's output, with its noise around them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PROFILE_FILE, profileEntry, profileHeader, profileLines } from '../../../bench/nvme/profile.js';

test('the profile lines of each row are found among console noise, without carriage returns', () => {
  const output = [
    '[    3.120000] nvme nvme0: pci function 0000:00:03.0\r',
    'REGMILL-BENCH {"row":"ts","qd":1,"iops":1000}\r',
    `[    9.5] random: crng init done${profileHeader('ts', 1200)}\r`,
    `${profileEntry(41.25, 'submit bench/nvme/ts-loop.ts:42')}\r`,
    `${profileEntry(7, '(garbage collector) :0')}\r`,
    'REGMILL-BENCH {"row":"ts","qd":32,"iops":2000}\r',
    '  12.5%  not a profile line: no header before it',
    profileHeader('irq', 80),
    profileEntry(100, 'wait runtime/irq.ts:10'),
    '',
  ].join('\n');
  assert.equal(profileLines(output), [
    'profile of row ts: 1200 samples',
    '   41.3%  submit bench/nvme/ts-loop.ts:42',
    '    7.0%  (garbage collector) :0',
    'profile of row irq: 80 samples',
    '  100.0%  wait runtime/irq.ts:10',
  ]);
});

test('no profile in the output: no lines', () => {
  assert.equal(profileLines('REGMILL-BENCH {"row":"done"}\n  50.0%  x\n'), []);
  assert.equal(profileLines(''), []);
});

test('--help and bench/README.md name the file the profiles are written to (no guest is booted)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/nvme/run.ts', '--help'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /--profile LIST +rows \(ts, wasm, irq, micro: the ones in node\)/);
  assert.ok(r.stdout.replace(/\s+/g, ' ').includes(`prints their top functions after the table and writes them to ${PROFILE_FILE}`), r.stdout);
  assert.ok(readFileSync('bench/README.md', 'utf8').replace(/\s+/g, ' ').includes(`written to \`${PROFILE_FILE}\``));
});

test.run();
