#!/usr/bin/env node
// Builds every Node-API addon source runtime/native/*.c into dist/native/<name>.node with the system C
// compiler and the headers Node installs beside its binary (<prefix>/include/node), so no node-gyp and
// no header download is needed. Run by `npm run build` (with --optional) and by the tests.
//   node scripts/build-native.mjs [--optional] [--quiet] [--out DIR]
// Without a compiler or headers it prints what is missing and how to fix it, and exits 1 — or 0 with
// --optional: the runtime then falls back to running without the addons (docs/runtime.md says what
// that loses). An addon is rebuilt only when its source or this script is newer than the .node file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const optional = args.has('--optional');
const quiet = args.has('--quiet');
const srcDir = path.join(root, 'runtime/native');
const outAt = argv.indexOf('--out');
const outDir = outAt >= 0 && argv[outAt + 1] ? path.resolve(argv[outAt + 1]) : path.join(root, 'dist/native');
const cc = process.env.CC || 'cc';
const include = process.env.REGMILL_NODE_INCLUDE || path.join(path.dirname(path.dirname(process.execPath)), 'include/node');
const LOSS =
  'The runtime works without them, but then a BAR access after its device was removed (or after a backing file shrank) ends the process with SIGBUS instead of reading 0xFFFFFFFF, ' +
  'and interrupts are waited for by poll(2) on a thread (slower to wake, one of libuv\'s 4 threadpool threads per waiting device).';

function fail(message) {
  process.stderr.write(`build-native: ${message}\n  ${LOSS}\n`);
  process.exit(optional ? 0 : 1);
}

const sources = existsSync(srcDir) ? readdirSync(srcDir).filter((f) => f.endsWith('.c')).sort() : [];
const self = statSync(fileURLToPath(import.meta.url)).mtimeMs;
const stale = sources.filter((f) => {
  const out = path.join(outDir, f.replace(/\.c$/, '.node'));
  return !existsSync(out) || statSync(out).mtimeMs < Math.max(statSync(path.join(srcDir, f)).mtimeMs, self);
});
if (stale.length === 0) process.exit(0);

const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  fail(
    `no C compiler: \`${cc} --version\` ${probe.error ? `failed (${probe.error.code ?? probe.error.message})` : `exited ${probe.status}`}, so ${stale.map((f) => `runtime/native/${f}`).join(', ')} were not built. ` +
      'Install one (Debian/Ubuntu: `apt-get install gcc`; or set CC=/path/to/cc) and run `npm run build:native`.',
  );
}
if (!existsSync(path.join(include, 'node_api.h'))) {
  fail(`no Node-API headers at ${include}/node_api.h (they ship beside the node binary in <prefix>/include/node); install Node's headers or set REGMILL_NODE_INCLUDE to their directory, then run \`npm run build:native\`.`);
}

mkdirSync(outDir, { recursive: true });
for (const f of stale) {
  const out = path.join(outDir, f.replace(/\.c$/, '.node'));
  const tmp = `${out}.${process.pid}.tmp`;
  // Node-API symbols resolve against the node binary at load time, so no import library is needed.
  const cmd = ['-std=gnu11', '-O2', '-fPIC', '-shared', '-Wall', '-Wextra', '-fvisibility=hidden', `-I${include}`, '-o', tmp, path.join(srcDir, f)];
  const r = spawnSync(cc, cmd, { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    fail(`\`${cc} ${cmd.join(' ')}\` failed:\n${(r.stderr || r.error?.message || '').trim()}`);
  }
  if (r.stderr.trim()) process.stderr.write(r.stderr);
  renameSync(tmp, out);
  // On stderr: `npm pack --json` runs this (prepare) and its stdout must stay JSON.
  if (!quiet) console.error(`build-native: ${path.relative(root, out)}`);
}
