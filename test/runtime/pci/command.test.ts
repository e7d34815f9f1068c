import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { ConfigSpace, COMMAND_IO, COMMAND_MASTER, COMMAND_MEMORY } from '../../../runtime/pci/config-space.js';
import { changeCommand, commandBitNames, turnOffCommandBits, turnOnCommandBits } from '../../../runtime/pci/command.js';
import { SysError } from '../../../runtime/ffi/sys-error.js';
import { tempDir } from '../fixtures.js';

/** A 256-byte config space file with PCI_COMMAND = `value`, opened with `flags`. */
function configFile(value: number, flags = 'r+'): { cfg: ConfigSpace; file: string; command: () => number; done: () => void } {
  const file = path.join(tempDir('regmill-cmd-'), 'config');
  const b = Buffer.alloc(256);
  b.writeUInt16LE(value, 4);
  writeFileSync(file, b);
  const fd = openSync(file, flags);
  return { cfg: new ConfigSpace(fd, file), file, command: () => readFileSync(file).readUInt16LE(4), done: () => closeSync(fd) };
}

test('bit names read as a list', () => {
  assert.is(commandBitNames(COMMAND_MASTER), 'bus mastering');
  assert.is(commandBitNames(COMMAND_MEMORY | COMMAND_MASTER), 'memory decoding and bus mastering');
  assert.is(commandBitNames(COMMAND_IO | COMMAND_MEMORY | COMMAND_MASTER), 'I/O decoding, memory decoding and bus mastering');
});

test('turn on reports only the bits it changed; turn off clears only those and keeps the upper byte', () => {
  const c = configFile(0x0403);
  assert.is(turnOnCommandBits(c.cfg, COMMAND_MEMORY | COMMAND_MASTER), COMMAND_MASTER);
  assert.is(c.command(), 0x0407);
  assert.is(turnOnCommandBits(c.cfg, COMMAND_MEMORY | COMMAND_MASTER), 0, 'nothing left to turn on');
  turnOffCommandBits(c.cfg, COMMAND_MASTER);
  assert.is(c.command(), 0x0403);
  assert.throws(() => turnOffCommandBits(c.cfg, 0x400), /PCI_COMMAND bits 0x400 are not all in the low byte/);
  c.done();
});

test('turn off writes nothing when the bits are already clear (a read-only config is fine)', () => {
  const c = configFile(0x0002, 'r');
  turnOffCommandBits(c.cfg, COMMAND_MASTER);
  assert.is(c.command(), 0x0002);
  c.done();
});

test('changeCommand: undo clears what it set; restore false keeps it; nothing changed means no text', () => {
  const c = configFile(0x0000);
  const change = changeCommand(c.cfg, COMMAND_MEMORY | COMMAND_MASTER, true);
  assert.is(change.turnedOn, COMMAND_MEMORY | COMMAND_MASTER);
  assert.is(change.text, '; enabled memory decoding and bus mastering in PCI_COMMAND (close() turns them off again)');
  change.undo();
  assert.is(c.command(), 0);
  const kept = changeCommand(c.cfg, COMMAND_MASTER, false);
  assert.is(kept.text, '; enabled bus mastering in PCI_COMMAND (left on at close: restoreCommand is false)');
  kept.undo();
  assert.is(c.command(), COMMAND_MASTER);
  const none = changeCommand(c.cfg, COMMAND_MASTER, true);
  assert.equal([none.turnedOn, none.text], [0, '']);
  none.undo();
  assert.is(c.command(), COMMAND_MASTER, 'set before: not ours to clear');
  c.done();
});

test('a failing undo is a SysError with the errno, call, path and what was left on', () => {
  const c = configFile(0x0000);
  const change = changeCommand(c.cfg, COMMAND_MASTER, true);
  c.done();
  try {
    change.undo();
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SysError);
    const err = e as SysError;
    assert.equal([err.code, err.syscall, err.path], ['EBADF', 'pread', c.file]);
    assert.match(err.message, `pread ${c.file}: EBADF (Bad file descriptor) — could not turn bus mastering back off in PCI_COMMAND`);
  }
});

test.run();
