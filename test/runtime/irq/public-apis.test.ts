// The runtime uses Node's public APIs only: no process.binding / internalBinding (deprecated, DEP0111,
// refused under the permission model) and no internal module. The interrupt reader runs on both of its
// engines (the fdwatch addon and the threaded-poll fallback).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { fdWatchAddon } from '../../../runtime/irq/fd-reader.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js|mjs|c)$/.test(e) ? [p] : [];
  });
}

test('no process.binding, internalBinding or internal module anywhere in runtime/', () => {
  const bad: string[] = [];
  for (const f of files(path.join(root, 'runtime'))) {
    const text = readFileSync(f, 'utf8');
    for (const re of [/process\s*\.\s*binding\b/, /\binternalBinding\b/, /['"]internal\//, /--expose-internals/]) {
      if (re.test(text)) bad.push(`${path.relative(root, f)}: ${re.source}`);
    }
  }
  assert.equal(bad, []);
});

test('the fdwatch addon is built here (or says why not)', () => {
  const a = fdWatchAddon();
  assert.ok(a.watch !== undefined || (a.reason ?? '').length > 0);
  if (!a.watch) console.log(`  fdwatch addon not in use: ${a.reason}`);
});

test('the threaded-poll fallback (REGMILL_NO_NATIVE=1) delivers eventfd signals too', () => {
  const script = `
    import { EventfdChannel } from ${JSON.stringify(path.join(root, 'runtime/irq/eventfd-channel.ts'))};
    import { fdWatchAddon } from ${JSON.stringify(path.join(root, 'runtime/irq/fd-reader.ts'))};
    import { writeSync } from 'node:fs';
    if (fdWatchAddon().watch) throw new Error('addon in use despite REGMILL_NO_NATIVE=1');
    const ch = new EventfdChannel(0, 'test eventfd');
    const got = [];
    const one = Buffer.alloc(8); one.writeBigUInt64LE(3n);
    ch.listen((n) => { got.push(n); if (got.length === 2) { ch.unlisten(); ch.close(); console.log(JSON.stringify(got)); } else writeSync(ch.fd, one); }, (e) => { throw e; });
    writeSync(ch.fd, one);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, REGMILL_NO_NATIVE: '1' }, timeout: 20_000 });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim()), [3, 3]);
});

test.run();
