// Run by sigbus.test.ts in a child process (a failure here must not take the test runner with it):
// maps a file as BAR 0, truncates the file, touches the vanished page and prints what it saw.
import { openSync, closeSync, ftruncateSync } from 'node:fs';
import { openDevice } from '../../../runtime/open-device.js';
import { faultGuard } from '../../../runtime/native/fault-guard.js';

const file = process.argv[2]!;
const dev = openDevice({ file }, { bars: { 0: 8192 } });
const regs = dev.bar(0);
regs.write32(0x1004, 0x12345678);
const before = regs.read32(0x1004);
const fd = openSync(file, 'r+');
ftruncateSync(fd, 4096); // the second page of BAR 0 is past end-of-file now
closeSync(fd);
const first = regs.read32(0); // still inside the file
const faulted = regs.read32(0x1004); // SIGBUS without the guard
const removals: unknown[] = [];
dev.onRemoved((r) => removals.push(r));
setTimeout(() => {
  let after = '';
  try {
    regs.read32(0);
  } catch (error) {
    after = `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  let barError = '';
  try {
    dev.bar(0);
  } catch (error) {
    barError = (error as Error).message;
  }
  dev.close(); // allowed once after a removal, never throws
  console.log(JSON.stringify({ before, first, faulted, removed: dev.removed, removals, after, barError, guard: faultGuard() }));
}, 20);
