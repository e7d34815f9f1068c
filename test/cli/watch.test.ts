// The watch loop in-process on a temporary spec: it builds, rebuilds on a change to the spec or to an
// import (including one added later), reports a broken spec without exiting and keeps the last good
// output, and ends when its AbortSignal fires. Waits poll the output with a generous deadline; no
// assertion depends on how fast a rebuild is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchBuild } from '../../cli/watch.js';

const DEADLINE_MS = 20_000;

async function until(what: string, ok: () => boolean): Promise<void> {
  const end = Date.now() + DEADLINE_MS;
  while (!ok()) {
    if (Date.now() > end) assert.unreachable(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const spec = (body: string, imports = ['common.regs']): string =>
  `${imports.map((i) => `import "${i}";\n`).join('')}device d {\n  bar 0 regs mmio size 4K {\n${body}\n  }\n}\n`;

test('build --watch: rebuilds on change, survives a broken spec, follows imports, stops on abort', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-watch-'));
  const file = (name: string): string => path.join(dir, name);
  // Saved the way editors (and regmill fmt) save: a temporary file renamed over the old one.
  const save = (name: string, text: string): void => {
    const tmp = path.join(path.dirname(file(name)), `.${path.basename(name)}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, file(name));
  };
  const ir = (): string => (existsSync(file('out/a/a.ir.json')) ? readFileSync(file('out/a/a.ir.json'), 'utf8') : '');
  const offsetOf = (name: string): number | undefined => {
    const text = ir();
    if (!text) return undefined;
    const nodes = (JSON.parse(text) as { devices: { bars: { nodes: { name: string; offset: number }[] }[] }[] }).devices[0]!.bars[0]!.nodes;
    return nodes.find((n) => n.name === name)?.offset;
  };
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd: dir };
  const controller = new AbortController();
  try {
    writeFileSync(file('common.regs'), 'const BASE = 0x10;\n');
    writeFileSync(file('a.regs'), spec('    register ctrl @ BASE : 32 rw;'));
    const loop = watchBuild({ specs: ['a.regs'], out: 'out', emit: ['ir'], io, signal: controller.signal, debounceMs: 30 });

    await until('the first build', () => offsetOf('ctrl') === 0x10);
    assert.match(stdout, /built 1 file for 1 spec/);

    save('a.regs', spec('    register control @ BASE : 32 rw;'));
    await until('the rebuild after a spec change', () => offsetOf('control') === 0x10);
    assert.match(stdout, /rebuilt 1 file/);

    // A syntax error: reported as file:line:col, the old output stays.
    save('a.regs', spec('    register control @ BASE : 32 rw'));
    await until('the diagnostics of the broken spec', () => /kept the last good output/.test(stderr));
    assert.match(stderr, /a\.regs:4:\d+: error: expected ';'/);
    assert.is(offsetOf('control'), 0x10, 'the last good output is kept');

    save('a.regs', spec('    register status @ BASE + 4 : 32 rw;'));
    await until('the rebuild after the fix', () => offsetOf('status') === 0x14);

    save('common.regs', 'const BASE = 0x20;\n');
    await until('the rebuild after an import changed', () => offsetOf('status') === 0x24);

    // A new import in a folder that does not exist yet: creating both is noticed.
    save('a.regs', spec('    register status @ BASE + MORE : 32 rw;', ['common.regs', 'sub/more.regs']));
    await until('the missing import reported', () => /sub\/more\.regs/.test(stderr) && /cannot read/.test(stderr));
    mkdirSync(file('sub'));
    save('sub/more.regs', 'const MORE = 8;\n');
    await until('the rebuild once the new import exists', () => offsetOf('status') === 0x28);
    save('sub/more.regs', 'const MORE = 12;\n');
    await until('the rebuild after the new import changed', () => offsetOf('status') === 0x2c);

    controller.abort();
    assert.is(await loop, 0);
    assert.match(stderr, /stopped/);

    // The loop has ended: a change is no longer built.
    save('a.regs', spec('    register after @ 0 : 32 rw;'));
    await new Promise((r) => setTimeout(r, 400));
    assert.is(offsetOf('after'), undefined);
    assert.is(offsetOf('status'), 0x2c);
  } finally {
    controller.abort();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build --watch: a spec that fails from the start writes nothing and still rebuilds once fixed', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-watch-'));
  let stderr = '';
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd: dir };
  const controller = new AbortController();
  try {
    writeFileSync(path.join(dir, 'b.regs'), 'device b { bar 0 regs mmio size 4K { register r @ 2 : 32 rw; } }\n');
    const loop = watchBuild({ specs: ['b.regs'], out: 'out', emit: ['ir'], io, signal: controller.signal, debounceMs: 30 });
    await until('the first (failing) build', () => /nothing written; waiting for changes/.test(stderr));
    assert.match(stderr, /RM0306/);
    assert.not.ok(existsSync(path.join(dir, 'out/b')));
    writeFileSync(path.join(dir, 'b.regs'), 'device b { bar 0 regs mmio size 4K { register r @ 4 : 32 rw; } }\n');
    await until('the build after the fix', () => existsSync(path.join(dir, 'out/b/b.ir.json')));
    controller.abort();
    assert.is(await loop, 0);
  } finally {
    controller.abort();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build --watch: an already aborted signal returns at once without building', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'regmill-watch-'));
  const controller = new AbortController();
  controller.abort();
  try {
    writeFileSync(path.join(dir, 'c.regs'), 'device c { }\n');
    const io = { stdout: () => {}, stderr: () => {}, cwd: dir };
    assert.is(await watchBuild({ specs: ['c.regs'], out: 'out', emit: ['ir'], io, signal: controller.signal }), 0);
    assert.not.ok(existsSync(path.join(dir, 'out')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
