// Host side of edu-vfio-noiommu.guest.ts: the guest kernel's vfio modules rebuilt with CONFIG_VFIO_NOIOMMU
// (build-vfio-noiommu.sh; Debian's 6.1 kernel lacks the option), placed where the run archive picks them
// up: .vfio-noiommu/<kernel version>/ next to the test, a directory that git ignores by its own .gitignore.
// test/vm/run.mjs calls prepare() before the boot; run this file once by hand before booting the test
// with test/vm/boot.mjs alone: node test/runtime/kernel/edu-vfio-noiommu.host.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from '../../vm/boot.mjs';
import { cacheDir } from '../../vm/initramfs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where the guest test looks for the modules (it is under test/, so every run archive carries it). */
export const stageDir = path.join(here, '.vfio-noiommu');

/** Builds (once per kernel version) and stages the modules; throws with the build's own one-line reason. */
export function prepare() {
  const prepared = setup();
  if (!prepared.ok) throw new Error(`vfio-noiommu: no guest kernel: ${prepared.reason}`);
  mkdirSync(stageDir, { recursive: true });
  // Build output, never source: keep it out of `git status` without touching the shared .gitignore.
  writeFileSync(path.join(stageDir, '.gitignore'), '*\n');
  const out = path.join(stageDir, prepared.kernelVersion);
  const r = spawnSync('bash', [path.join(here, 'build-vfio-noiommu.sh'), prepared.kernelVersion, path.join(cacheDir, 'vfio-noiommu'), out], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const why = (r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? `exit ${r.status ?? r.signal}`;
    throw new Error(why);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(`no-IOMMU vfio modules in ${path.relative(process.cwd(), prepare())}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
