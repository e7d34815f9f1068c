// examples/nvme/status.ts: a completion's status named through the spec's `enum by sct` (the table SCT
// selects, NVMe 1.4 figures 126-130), and the error that names command, CID and status.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeStatus, NvmeCommandError } from '../../examples/nvme/status.js';

/** CQE dword 3 with CID 5, phase 1 and the given status (figure 125: SC [24:17], SCT [27:25], DNR [31]). */
const dw3 = (sct: number, sc: number, dnr = false): number => ((dnr ? 1 << 31 : 0) | (sct << 25) | (sc << 17) | (1 << 16) | 5) >>> 0;

test('each SCT names SC from its own table; the same code means something else under another type', () => {
  assert.is(decodeStatus(dw3(0, 0x00)).name, 'generic/success');
  assert.is(decodeStatus(dw3(0, 0x80)).name, 'generic/lba_out_of_range');
  assert.is(decodeStatus(dw3(1, 0x01)).name, 'command_specific/invalid_qid');
  assert.is(decodeStatus(dw3(2, 0x80)).name, 'media/write_fault');
  assert.is(decodeStatus(dw3(2, 0x81)).name, 'media/unrecovered_read_error');
  assert.is(decodeStatus(dw3(3, 0x71)).name, 'path/host_pathing_error');
});

test('codes and types the spec does not name stay numbers; SCT, SC and DNR are the raw fields', () => {
  assert.is(decodeStatus(dw3(1, 0x7f)).name, 'command_specific/0x7f');
  assert.is(decodeStatus(dw3(7, 0x03)).name, 'vendor/0x03', 'vendor specific: a type name, no table');
  assert.is(decodeStatus(dw3(5, 0x03)).name, 'sct_5/0x03');
  assert.equal(decodeStatus(dw3(2, 0x81, true)), { sct: 2, sc: 0x81, name: 'media/unrecovered_read_error', dnr: true });
});

test('the error names the command, its CID and SQ, and the status by name', () => {
  const e = new NvmeCommandError('Read LBA 7+1', 5, 1, decodeStatus(dw3(2, 0x81, true)));
  assert.is(e.message, 'Read LBA 7+1 (CID 5 on SQ 1) failed: media/unrecovered_read_error (SCT 2, SC 0x81, do not retry)');
});

test.run();
