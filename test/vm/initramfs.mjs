// Builds the guest's initramfs in two parts, concatenated into one initrd (the kernel unpacks
// concatenated cpio archives in order, later files winning):
//   base  — busybox, the kernel modules the tests load (with their modules.dep closure), the host's node
//           binary and the shared libraries ldd names, and the node_modules packages the guest needs.
//           ~120 MB, cached under a key of everything it contains, rebuilt only when one of them changes.
//   run   — the project's source tree (compiler/, runtime/, generated/, test/, …) and the per-run settings
//           (/etc/regmill/run.env). Small, rebuilt for every boot, so an edited test costs no base rebuild.
// Uncompressed on purpose: a gzip'd initramfs costs ~1.6 s more per boot under TCG than it saves in I/O.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import {
  appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CpioWriter } from './cpio.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../..');
export const cacheDir = process.env.REGMILL_VM_CACHE ?? path.join(here, 'cache');

/** Modules /init loads unless a test's `modules` says otherwise; their dependencies come from modules.dep. */
export const guestModules = ['uio', 'uio_pci_generic', 'vfio', 'vfio_iommu_type1', 'vfio-pci'];

/**
 * Shipped too but loaded only when a test asks (`modules`, or `modprobe` at the moment it wants): the
 * kernel's own e1000e driver, which binds every unclaimed 82574 the moment it loads (so a test hands its
 * userspace ports to vfio-pci first), and pktgen, the kernel's packet generator. No udev runs in the
 * guest, so nothing loads them behind the test's back.
 */
export const optionalModules = ['e1000e', 'pktgen'];

/**
 * Packages the guest runs with (plus their dependency closure): ffi-rs and its prebuilt native package
 * for the runtime, chevrotain for the compiler, tsx (+ esbuild) to run .ts directly, uvu for guest tests.
 * Not: typescript, assemblyscript/binaryen, prettier (build-time tools; 150 MB the guest never loads).
 */
export const guestPackages = ['ffi-rs', 'chevrotain', 'tsx', 'uvu'];

/** Project paths copied into the per-run archive (those that exist). */
const projectPaths = ['package.json', 'tsconfig.json', 'compiler', 'runtime', 'cli', 'generated', 'specs', 'examples', 'bin', 'dist', 'test', 'bench'];

/** tsconfig.json may hold comments and trailing commas (tsc accepts them). @param {string} file */
function readJsonc(file) {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    // Drop comments outside strings, then trailing commas.
    const bare = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str) => str ?? '').replace(/,(\s*[}\]])/g, '$1');
    return JSON.parse(bare);
  }
}

/**
 * esbuild, reached through tsx (which depends on it) rather than as a direct dependency of the project.
 * @type {{ transformSync(code: string, options: object): { code: string } }}
 */
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild');
/** The project's compiler options, so esbuild emits class fields and the like as tsc would. */
const tsconfigRaw = { compilerOptions: readJsonc(path.join(projectRoot, 'tsconfig.json')).compilerOptions ?? {} };
/**
 * tsconfig `paths` (exact keys such as 'regmill/registers' → ./runtime/registers/index.ts), which tsc and
 * tsx honour but node does not: generated accessors import 'regmill/registers'. Node would resolve it
 * through package.json "exports" to dist/, a stale or missing second copy, so the transpiler rewrites
 * them to relative imports of the sources.
 * @type {Map<string, string>} specifier → project-relative .js path
 */
const pathAliases = new Map(Object.entries(tsconfigRaw.compilerOptions.paths ?? {})
  .filter(([key, targets]) => !key.includes('*') && Array.isArray(targets) && targets.length > 0)
  .map(([key, targets]) => [key, path.posix.normalize(String(targets[0])).replace(/\.ts$/, '.js')]));

/** @param {string} code @param {string} inArchive e.g. regmill/generated/edu/edu.ts */
export function rewriteAliases(code, inArchive) {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\2/g, (all, lead, quote, spec) => {
    const target = pathAliases.get(spec);
    if (!target) return all;
    const rel = path.posix.relative(path.posix.dirname(inArchive), `${guestRoot}/${target}`);
    return `${lead}${quote}${rel.startsWith('.') ? rel : `./${rel}`}${quote}`;
  });
}

/** Never copied: the VM cache itself (hundreds of MB), nested package trees, VCS and editor litter. */
const skipPaths = new Set([path.join(here, 'cache'), path.resolve(cacheDir), path.join(projectRoot, 'bench', 'out')]);
const skipNames = new Set(['node_modules', '.git', '.DS_Store']);
/** @param {string} hostPath */
const projectSkip = (hostPath) => skipPaths.has(hostPath) || skipNames.has(path.basename(hostPath));

export const guestRoot = 'regmill';

/**
 * @typedef {{ kernelDir: string, kernelVersion: string, busybox: string }} SetupInfo
 */

/** Node's shared libraries plus those of every native addon shipped, as ldd resolves them on the host. */
/** @param {string[]} elfs */
function sharedLibraries(elfs) {
  /** @type {Map<string, string>} guest path → host path */
  const libs = new Map();
  for (const elf of elfs) {
    const out = execFileSync('ldd', [elf], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
      const m = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
      if (m) libs.set(m[1], realpathSync(m[1]));
    }
  }
  // ffi-rs dlopens libc by soname at run time; librt is needed by its .node (ldd does list it, but be sure).
  for (const extra of ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/librt.so.1']) {
    if (existsSync(extra)) libs.set(extra, realpathSync(extra));
  }
  return libs;
}

/** A package and everything it depends on, as installed in node_modules (optional ones only if present). */
/** @param {string[]} roots */
export function packageClosure(roots) {
  const nm = path.join(projectRoot, 'node_modules');
  /** @type {Set<string>} */
  const seen = new Set();
  const todo = [...roots];
  while (todo.length > 0) {
    const name = /** @type {string} */ (todo.pop());
    if (seen.has(name)) continue;
    const manifest = path.join(nm, name, 'package.json');
    if (!existsSync(manifest)) {
      if (roots.includes(name)) throw new Error(`initramfs: package '${name}' is not installed in ${nm} (run npm ci)`);
      continue; // an optional dependency for another platform
    }
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const dep of Object.keys(pkg[field] ?? {})) todo.push(dep);
    }
  }
  return [...seen].sort();
}

/** Native files inside the shipped packages (*.node addons), whose libraries must come along. */
/** @param {string} dir @param {string[]} [acc] */
function nativeAddons(dir, acc = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) nativeAddons(p, acc);
    else if (entry.isFile() && entry.name.endsWith('.node')) acc.push(p);
  }
  return acc;
}

/** Adds a host directory tree under an archive path (symlinks kept as symlinks). */
/**
 * @param {CpioWriter} cpio @param {string} hostDir @param {string} archiveDir
 * @param {(hostPath: string) => boolean} [skip]
 * @param {(hostPath: string, archivePath: string) => void} [onFile] called after each regular file is added
 */
function addTree(cpio, hostDir, archiveDir, skip = () => false, onFile = () => {}) {
  cpio.dir(archiveDir);
  for (const entry of readdirSync(hostDir, { withFileTypes: true })) {
    const host = path.join(hostDir, entry.name);
    if (skip(host)) continue;
    const inArchive = `${archiveDir}/${entry.name}`;
    if (entry.isSymbolicLink()) cpio.symlink(inArchive, readlinkSync(host));
    else if (entry.isDirectory()) addTree(cpio, host, inArchive, skip, onFile);
    else if (entry.isFile()) {
      cpio.copy(inArchive, host, statSync(host).mode & 0o777);
      onFile(host, inArchive);
    }
  }
}

/** The guest's /init: mounts, loads modules, runs the test named in /etc/regmill/run.env, powers off. */
function initScript() {
  return `#!/bin/busybox sh
# regmill VM test guest init (generated by test/vm/initramfs.mjs)
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu HOME=/root TMPDIR=/tmp NO_COLOR=1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/shm /dev/pts /dev/hugepages
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
. /etc/regmill/run.env
for m in $REGMILL_MODULES; do
  modprobe "$m" || echo "REGMILL-VM-WARN modprobe $m failed"
done
echo "REGMILL-VM-INIT uptime=$(cut -d' ' -f1 /proc/uptime) test=$REGMILL_TEST"
cd /${guestRoot}
# A guest-side watchdog, shorter than the host's: a hung test still ends with a result and the kernel's
# last words (e.g. a driver unbind blocked on an open fd), instead of the host killing QEMU blind.
timeout -s KILL "$REGMILL_GUEST_TIMEOUT" node $REGMILL_NODE_ARGS "$REGMILL_TEST" </dev/null
rc=$?
if [ "$rc" = 137 ]; then
  echo "REGMILL-VM-WATCHDOG the test was killed after $REGMILL_GUEST_TIMEOUT s; last kernel messages:"
  dmesg | tail -n 15
fi
echo "REGMILL-VM-RESULT rc=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
poweroff -f
`;
}

/**
 * The cached base archive for this kernel, node binary and package set; built (~2 s) when missing.
 * @param {SetupInfo} setup
 * @returns {{ path: string, built: boolean, ms: number }}
 */
export function baseArchive(setup) {
  const started = Date.now();
  const node = realpathSync(process.execPath);
  const packages = packageClosure(guestPackages);
  const modDir = path.join(setup.kernelDir, 'lib/modules', setup.kernelVersion);
  const modules = moduleClosure(modDir, [...guestModules, ...optionalModules]);
  const nodeStat = statSync(node);
  const lock = path.join(projectRoot, 'package-lock.json');
  const key = createHash('sha256')
    .update(JSON.stringify({
      kernel: setup.kernelVersion, node: [node, nodeStat.size, nodeStat.mtimeMs], busybox: statSync(setup.busybox).size,
      lock: existsSync(lock) ? readFileSync(lock, 'utf8') : '', packages, modules,
      builder: [readFileSync(fileURLToPath(import.meta.url), 'utf8'), readFileSync(path.join(here, 'cpio.mjs'), 'utf8')],
    }))
    .digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, 'initramfs');
  const file = path.join(dir, `base-${key}.cpio`);
  if (existsSync(file)) return { path: file, built: false, ms: Date.now() - started };

  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const cpio = new CpioWriter(tmp);
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'proc', 'sys', 'dev', 'tmp', 'root', 'etc/regmill', 'run']) cpio.dir(d);
  cpio.charDevice('dev/console', 5, 1);
  cpio.charDevice('dev/null', 1, 3, 0o666);
  cpio.copy('bin/busybox', setup.busybox, 0o755);
  cpio.file('init', initScript(), 0o755);

  // Kernel modules: only the closure, with a modules.dep trimmed to it (busybox modprobe reads the text form).
  for (const rel of modules.files) cpio.copy(`lib/modules/${setup.kernelVersion}/${rel}`, path.join(modDir, rel), 0o644);
  cpio.file(`lib/modules/${setup.kernelVersion}/modules.dep`, modules.dep);

  // node and its libraries (and those of the native addons we ship). Distribution builds of node carry
  // ~13 MB of symbols and debug info; stripped, every boot unpacks 10% less (strip is optional).
  const stripped = `${tmp}.node`;
  const strip = spawnSync('strip', ['--strip-all', '-o', stripped, node], { stdio: 'ignore' });
  cpio.copy('usr/bin/node', strip.status === 0 ? stripped : node, 0o755);
  rmSync(stripped, { force: true });
  const nm = path.join(projectRoot, 'node_modules');
  const addons = packages.flatMap((p) => nativeAddons(path.join(nm, p)));
  for (const [guestPath, hostPath] of sharedLibraries([node, ...addons])) cpio.copy(guestPath, hostPath, 0o755);

  for (const p of packages) addTree(cpio, path.join(nm, p), `${guestRoot}/node_modules/${p}`);
  cpio.close();
  renameSync(tmp, file);
  // Older bases go once they are 10 minutes old: another run may still be copying one into its initrd.
  for (const old of readdirSync(dir)) {
    const p = path.join(dir, old);
    if (old.startsWith('base-') && p !== file && Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true });
  }
  return { path: file, built: true, ms: Date.now() - started };
}

/**
 * The module files needed for `names` and a modules.dep listing only them.
 * @param {string} modDir @param {string[]} names
 */
export function moduleClosure(modDir, names) {
  const depText = readFileSync(path.join(modDir, 'modules.dep'), 'utf8');
  /** @type {Map<string, string[]>} module name (dashes as underscores) → [file, ...dep files] */
  const byName = new Map();
  for (const line of depText.split('\n')) {
    const m = /^(\S+\.ko(?:\.\w+)?):\s*(.*)$/.exec(line);
    if (!m) continue;
    const name = path.basename(m[1]).replace(/\.ko(\.\w+)?$/, '').replaceAll('-', '_');
    byName.set(name, [m[1], ...m[2].split(/\s+/).filter(Boolean)]);
  }
  /** @type {Set<string>} */
  const files = new Set();
  for (const n of names) {
    const entry = byName.get(n.replaceAll('-', '_'));
    if (!entry) throw new Error(`initramfs: module '${n}' is not in ${modDir}/modules.dep`);
    for (const f of entry) files.add(f);
  }
  const dep = depText.split('\n').filter((line) => files.has(line.split(':')[0])).join('\n') + '\n';
  return { files: [...files].sort(), dep };
}

/**
 * Emits `x.js` next to every project `x.ts` (the sources already import each other as `./x.js`), so the
 * guest runs plain node: tsx + esbuild cost ~4.5 s of every boot under TCG, esbuild here ~1 ms a file.
 * Inline source maps keep guest stack traces pointing at the .ts lines (node --enable-source-maps).
 * A file esbuild cannot parse is left untranspiled; importing it in the guest then fails by name.
 * @param {CpioWriter} cpio @param {string} host @param {string} inArchive @param {string[]} problems
 */
function transpile(cpio, host, inArchive, problems) {
  if (!/\.ts$/.test(host) || /\.d\.ts$|\.as\.ts$/.test(host) || existsSync(host.replace(/\.ts$/, '.js'))) return;
  try {
    const { code } = esbuild.transformSync(readFileSync(host, 'utf8'), {
      loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: host, tsconfigRaw,
    });
    cpio.file(inArchive.replace(/\.ts$/, '.js'), rewriteAliases(code, inArchive));
  } catch (err) {
    problems.push(`${path.relative(projectRoot, host)}: ${String(/** @type {Error} */ (err).message).split('\n')[0]}`);
  }
}

/**
 * Writes the per-run archive and the concatenated initrd for one boot; returns its path and the files
 * that could not be transpiled.
 * @param {{ path: string }} base
 * @param {string} runDir directory for this run's files
 * @param {Record<string, string>} env lines of /etc/regmill/run.env (values are shell-quoted here)
 * @param {string} [generatedDir] shipped as generated/ instead of the work tree's (see generated.mjs)
 * @param {readonly { name: string, path: string }[]} [tools] host-built programs installed as /usr/bin/<name> (guest-tools.mjs)
 */
export function runInitrd(base, runDir, env, generatedDir, tools = []) {
  mkdirSync(runDir, { recursive: true });
  const runCpio = path.join(runDir, 'run.cpio');
  const cpio = new CpioWriter(runCpio);
  /** @type {string[]} */
  const problems = [];
  const onFile = (/** @type {string} */ host, /** @type {string} */ inArchive) => transpile(cpio, host, inArchive, problems);
  for (const p of projectPaths) {
    const host = p === 'generated' && generatedDir ? generatedDir : path.join(projectRoot, p);
    if (!existsSync(host)) continue;
    if (statSync(host).isDirectory()) addTree(cpio, host, `${guestRoot}/${p}`, projectSkip, onFile);
    else cpio.copy(`${guestRoot}/${p}`, host, 0o644);
  }
  for (const t of tools) cpio.copy(`usr/bin/${t.name}`, t.path, 0o755);
  const quote = (/** @type {string} */ v) => `'${v.replaceAll("'", "'\\''")}'`;
  cpio.file('etc/regmill/run.env', Object.entries(env).map(([k, v]) => `${k}=${quote(v)}\n`).join(''));
  cpio.close();
  const initrd = path.join(runDir, 'initrd.cpio');
  copyFileSync(base.path, initrd);
  appendFileSync(initrd, readFileSync(runCpio));
  return { initrd, problems };
}
