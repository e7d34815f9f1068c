// `regmill pack specs/edu.regs` as a vendor uses it, and the result as a customer uses it: the package
// and regmill itself are packed with `npm pack`, installed from those tarballs into a fresh project
// outside the repo (offline, no install scripts), a consumer file is type-checked with tsc and run on
// plain Node against the simulated device, and the package's C header compiles.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'regmill-pack-test-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}
const packJson = (dir: string): { filename: string; files: { path: string }[] }[] =>
  JSON.parse(run(npm, ['pack', '--json', '--pack-destination', tmp], dir).stdout) as { filename: string; files: { path: string }[] }[];

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('regmill pack → npm pack → install offline in a fresh project → tsc, run on the simulated device, cc', () => {
  // The vendor side.
  const out = path.join(tmp, 'edu-pkg');
  run(process.execPath, ['--import', 'tsx', path.join(root, 'test/cli/lsp/regmill.ts'), 'pack', 'specs/edu.regs', '-o', out, '--name', '@acme/edu', '--version', '1.2.3', '--license', 'MIT'], root);
  const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8'));
  assert.is(pkg.name, '@acme/edu');
  assert.is(pkg.version, '1.2.3');
  assert.is(pkg.license, 'MIT');
  assert.ok(pkg.peerDependencies.regmill, 'regmill is a peer dependency');
  assert.match(readFileSync(path.join(out, 'README.md'), 'utf8'), /new EduRegs\(dev\.bar\(0\)\)/);
  const [edu] = packJson(out);
  const inTarball = edu!.files.map((f) => f.path).sort();
  for (const f of ['dist/edu.js', 'dist/edu.d.ts', 'dist/edu.wasm', 'dist/edu.wasm.js', 'include/edu.h', 'docs/edu.html', 'docs/edu.md', 'ir/edu.ir.json', 'spec/edu.regs', 'README.md', 'package.json']) {
    assert.ok(inTarball.includes(f), `${f} in the package tarball (${inTarball.join(', ')})`);
  }
  assert.not.ok(inTarball.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources: JS + .d.ts only');

  // regmill itself, as npm would publish it: dist/ inside, no sources or tests.
  const [self] = packJson(root);
  const selfFiles = self!.files.map((f) => f.path);
  assert.ok(selfFiles.includes('dist/compiler/index.js') && selfFiles.includes('dist/runtime/index.d.ts') && selfFiles.includes('bin/regmill.js'), 'dist/ and bin/ are packed');
  assert.not.ok(selfFiles.some((f) => f.startsWith('test/') || f.startsWith('compiler/')), 'no sources or tests in the tarball');

  // The customer side: a project that has never seen the repo.
  const app = path.join(tmp, 'app');
  mkdirSync(app);
  const deps = { regmill: `file:../${self!.filename}`, '@acme/edu': `file:../${edu!.filename}` };
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: deps }, null, 2));
  // Offline, npm can resolve version ranges only from a lockfile: regmill's runtime dependencies are
  // pinned as in regmill's own lockfile (their tarballs are in the npm cache since regmill was installed).
  const selfLock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; version?: string; resolved?: string; dependencies?: Record<string, string> }> };
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: deps },
    'node_modules/regmill': { version: selfLock.packages['']!.version, resolved: deps.regmill, dependencies: selfLock.packages['']!.dependencies },
    'node_modules/@acme/edu': { version: '1.2.3', resolved: deps['@acme/edu'], peerDependencies: pkg.peerDependencies },
  };
  const registry = run(npm, ['config', 'get', 'registry'], root).stdout.trim().replace(/\/?$/, '/');
  for (const [at, entry] of Object.entries(selfLock.packages)) {
    if (!at || entry.dev) continue;
    // Entries npm recorded without a tarball URL get the registry's usual one (the cache is keyed by it).
    const name = at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[at] = entry.resolved ? entry : { ...entry, resolved: `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));
  run(npm, ['ci', '--offline', '--ignore-scripts'], app);
  writeFileSync(
    path.join(app, 'main.ts'),
    `import { createSimDevice } from 'regmill/runtime';
import { EduRegs, Ident, ir } from '@acme/edu';

const edu = ir.devices.find((d) => d.name === 'edu');
if (!edu) throw new Error('no edu device in the IR');
const dev = createSimDevice(edu);
const regs = new EduRegs(dev.bar(0));
const ident = regs.ident.read();
regs.dma_count.write(123n);
const count: bigint = regs.dma_count.read();
// @ts-expect-error ident is read-only: the type has no write
void (() => regs.ident.write(0));
console.log(JSON.stringify({ magic: Ident.magic.get(ident), major: Ident.major.get(ident), count: String(count) }));
dev.close();
`,
  );
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, outDir: 'out', types: [] }, files: ['main.ts'] }));
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', app], app);
  const ran = run(process.execPath, [path.join(app, 'out/main.js')], app);
  assert.equal(JSON.parse(ran.stdout.trim()), { magic: 0xed, major: 1, count: '123' });

  // The C header, as a C driver would include it.
  const c = path.join(app, 'use.c');
  writeFileSync(c, '#include <stdint.h>\n#include "edu.h"\nuint32_t ident(volatile uint8_t *bar) { return edu_ident_read(bar); }\n');
  assert.ok(existsSync(path.join(app, 'node_modules/@acme/edu/include/edu.h')));
  run('cc', ['-std=c11', '-Wall', '-Werror', '-fsyntax-only', '-I', path.join(app, 'node_modules/@acme/edu/include'), c], app);
});

test.run();
