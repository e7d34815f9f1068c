// Boots one QEMU guest (q35, TCG: KVM does not work on these machines) with the devices a test asks for,
// runs one test file inside it with node, and returns { ok, rc, output, log }. The serial console is the
// only channel: the guest's /init prints REGMILL-VM-INIT before the test and REGMILL-VM-RESULT rc=N after
// it, then powers off. A guest that never prints the result (panic, hang, QEMU abort) is a failure, and
// the log tail is printed so the cause is visible from CI output alone.
//
// CLI, for one test by hand:  node test/vm/boot.mjs test/vm/guest/smoke.guest.ts
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedAccessors } from './generated.mjs';
import { buildGuestTools } from './guest-tools.mjs';
import { deviceNames, readGuestConfig } from './guest-config.mjs';
import { baseArchive, cacheDir, guestModules, guestRoot, projectRoot, runInitrd } from './initramfs.mjs';
import { NVME_IMAGE_BYTES, NVME_SERIAL } from './nvme-image.mjs';
import { qmpClient } from './qmp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @typedef {import('./guest-config.mjs').DeviceName} DeviceName */

/**
 * @typedef {object} BootOptions
 * @property {string} test project-relative path of the file node runs in the guest
 * @property {readonly DeviceName[]} [devices]
 * @property {number} [timeoutSec] wall-clock limit for the whole boot (default 120)
 * @property {number} [memoryMiB] guest RAM (default 1024)
 * @property {readonly string[]} [modules] modules /init loads before the test (default: all shipped)
 * @property {string} [append] extra kernel command line
 * @property {string} [ivshmemPath] host backing file for ivshmem-plain (created, zero-filled, if missing)
 * @property {number} [ivshmemMiB] its size, a power of two (default 4, as specs/ivshmem.regs declares BAR2)
 * @property {string} [nvmePath] host raw image behind the NVMe namespace (created, zero-filled, if missing)
 * @property {string} [name] used for the run directory and log file name
 * @property {boolean} [quiet] do not print the log tail on failure
 * @property {'transpile' | 'tsx'} [loader] how a .ts test runs: host-transpiled .js (default) or tsx in the guest
 * @property {string} [generatedDir] directory shipped as generated/ (default: generatedAccessors())
 */

/**
 * @typedef {object} BootResult
 * @property {boolean} ok guest printed REGMILL-VM-RESULT rc=0 before the deadline
 * @property {number | null} rc the test's exit code, null if the guest never reported one
 * @property {string} output serial lines between REGMILL-VM-INIT and REGMILL-VM-RESULT (the test's output)
 * @property {string} log the whole serial console plus QEMU's own messages
 * @property {string} logPath where `log` was saved
 * @property {string} [reason] why ok is false, in one line
 * @property {number} ms wall time of the QEMU run
 * @property {number | null} guestInitSec guest uptime when /init started the test
 */

/**
 * MAC addresses of the `e1000e-hub2`/`-hub3`/`-2hubs` ports, in slot order (09.0, 0a.0, 0b.0, 0c.0): QEMU's
 * locally administered 52:54:00 prefix, distinct so each port's unicast filter tells them apart.
 */
export const HUB_MACS = /** @type {const} */ (['52:54:00:12:0c:01', '52:54:00:12:0c:02', '52:54:00:12:0c:03', '52:54:00:12:0c:04']);

/**
 * Runs test/vm/setup.sh (quick when cached) and returns what it prepared.
 * @returns {{ ok: true, kernelDir: string, kernelVersion: string, busybox: string } | { ok: false, canRun: boolean, reason: string }}
 */
export function setup() {
  const r = spawnSync('bash', [path.join(here, 'setup.sh')], { encoding: 'utf8', env: { ...process.env, REGMILL_VM_CACHE: cacheDir } });
  const last = /^VM-SETUP kernel=(\S+) version=(\S+) busybox=(\S+)$/m.exec(r.stdout ?? '');
  if (r.status === 0 && last) return { ok: true, kernelDir: last[1], kernelVersion: last[2], busybox: last[3] };
  const why = (r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? `setup.sh exited with ${r.status ?? r.signal}`;
  return { ok: false, canRun: r.status !== 2, reason: why.replace(/^vm-setup: /, '') };
}

/**
 * The QEMU command line for a boot.
 * @param {{ kernel: string, initrd: string, devices: readonly DeviceName[], memoryMiB: number, append: string, ivshmemPath?: string, ivshmemMiB?: number, nvmePath?: string, qmpPath?: string }} o
 */
export function qemuArgs(o) {
  const iommu = o.devices.includes('iommu') ? 'on' : o.devices.includes('iommu-noir') ? 'off' : null;
  const args = [
    '-machine', 'q35', '-accel', 'tcg', '-cpu', 'max', '-smp', '1', '-m', `${o.memoryMiB}M`,
    '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot',
    '-kernel', o.kernel, '-initrd', o.initrd,
  ];
  // The IOMMU must be created before the devices it translates for.
  if (iommu) args.push('-device', `intel-iommu,intremap=${iommu}`);
  // Fixed slots so logs are comparable between runs (tests still find devices by vendor:device).
  // edu's default 28-bit DMA mask would clamp pagemap physical addresses of a 1 GiB guest.
  if (o.devices.includes('edu')) args.push('-device', 'edu,addr=04.0,dma_mask=0xffffffff');
  if (o.devices.includes('ivshmem')) {
    args.push('-object', `memory-backend-file,id=hostmem,share=on,mem-path=${String(o.ivshmemPath).replaceAll(',', ',,')},size=${o.ivshmemMiB ?? 4}M`,
      '-device', 'ivshmem-plain,memdev=hostmem,addr=05.0');
  }
  // No netdev (only a "no peer" warning) and no option ROM (so ipxe's ROM file is not needed).
  if (o.devices.includes('e1000e')) args.push('-device', 'e1000e,addr=06.0,romfile=');
  // Two or three e1000e ports on one QEMU hub (hubid 0): every frame one port sends reaches all the
  // others, which keep or drop it by their receive filters (RAL/RAH, RCTL). No host network: QEMU warns
  // "hub 0 is not connected to host network". Slots 09.0-0c.0 so they never meet the lone `e1000e`.
  // `e1000e-2hubs`: four ports, 0-1 on hub 0 and 2-3 on hub 1, so a forwarder between the hubs sends
  // frames on unchanged without them coming back to it.
  const hubs = o.devices.includes('e1000e-2hubs') ? [0, 0, 1, 1] : o.devices.includes('e1000e-hub3') ? [0, 0, 0] : o.devices.includes('e1000e-hub2') ? [0, 0] : [];
  hubs.forEach((hub, i) => {
    args.push('-netdev', `hubport,id=hp${i},hubid=${hub}`, '-device', `e1000e,netdev=hp${i},mac=${HUB_MACS[i]},addr=${(9 + i).toString(16).padStart(2, '0')}.0,romfile=`);
  });
  // QEMU's NVMe 1.4 controller (1b36:0010; 64 I/O queue pairs, 65 MSI-X vectors) with one namespace
  // backed by a raw host file, so the host side can fill it before boot and check it after poweroff.
  if (o.devices.includes('nvme')) {
    args.push('-drive', `if=none,id=nvm,format=raw,file=${String(o.nvmePath).replaceAll(',', ',,')}`,
      '-device', `nvme,serial=${NVME_SERIAL},drive=nvm,addr=08.0`);
  }
  // A hot-pluggable slot (pciehp): edu behind a PCIe root port, removable with QMP device_del hotplug-edu
  // (and back with device_add); it appears as 0000:01:00.0.
  if (o.devices.includes('edu-hotplug')) {
    args.push('-device', 'pcie-root-port,id=hotplug-port,chassis=1,slot=1,addr=07.0', '-device', 'edu,bus=hotplug-port,id=hotplug-edu,dma_mask=0xffffffff');
  }
  // The monitor the guest reaches through `REGMILL-QMP {…}` lines (qmp.mjs); nothing listens otherwise.
  if (o.qmpPath) args.push('-qmp', `unix:${o.qmpPath},server=on,wait=off`);
  // no_timer_check: under TCG on a busy host the kernel's boot-time timer IRQ check can fail and, with
  // interrupt remapping, panics ("timer doesn't work through Interrupt-remapped IO-APIC").
  const append = ['console=ttyS0', 'panic=-1', 'quiet', 'loglevel=4', 'no_timer_check', iommu ? 'intel_iommu=on' : '', o.append]
    .filter(Boolean).join(' ');
  args.push('-append', append);
  return args;
}

/**
 * Log and run-directory name for a test: its path under test/ without the suffix, '/' → '-'
 * (test/runtime/kernel/edu-uio.guest.ts → runtime-kernel-edu-uio).
 * @param {string} test project-relative path
 */
export function runName(test) {
  return path.relative(path.join(projectRoot, 'test'), path.join(projectRoot, test))
    .replace(/(\.guest)?\.[^./]*$/, '').replaceAll(path.sep, '-').replace(/^(\.\.-)+/, '');
}

/** Deletes logs older than a day. @param {string} dir */
function pruneLogs(dir) {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    try {
      if (Date.now() - statSync(p).mtimeMs > 24 * 3600_000) rmSync(p, { force: true });
    } catch {
      // another run pruned it first
    }
  }
}

/** @param {string} log @param {number} [lines] */
export function logTail(log, lines = 60) {
  return log.split('\n').slice(-lines).join('\n');
}

/**
 * Boots a guest and runs one test file in it.
 * @param {{ kernelDir: string, kernelVersion: string, busybox: string }} prepared result of setup()
 * @param {BootOptions} options
 * @returns {Promise<BootResult>}
 */
export async function boot(prepared, options) {
  const devices = options.devices ?? [];
  for (const d of devices) if (!deviceNames.includes(d)) throw new Error(`boot: unknown device '${d}' (known: ${deviceNames.join(', ')})`);
  const name = options.name ?? runName(options.test);
  const runDir = path.join(cacheDir, 'runs', `${name}-${process.pid}`);
  const logDir = path.join(cacheDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  // One log per run: several runs (npm test, npm run test:vm, other people's) may share the cache.
  // A retry of the same test gets its own file, so the failed attempt's full log survives.
  let logPath = path.join(logDir, `${name}.${process.pid}.log`);
  for (let n = 2; existsSync(logPath); n++) logPath = path.join(logDir, `${name}.${process.pid}.${n}.log`);
  pruneLogs(logDir);

  const base = baseArchive(prepared);
  // .ts tests run as the .js the host transpiled next to them, unless the test asks for tsx in the guest.
  const isTs = /\.ts$/.test(options.test);
  const tsx = isTs && options.loader === 'tsx';
  let generatedDir = options.generatedDir;
  let generatedNote = '';
  if (generatedDir === undefined) {
    const gen = generatedAccessors();
    if ('error' in gen) generatedNote = `# generated accessors unavailable: ${gen.error}\n`;
    else generatedDir = gen.dir;
  }
  const tools = buildGuestTools(generatedDir ?? path.join(projectRoot, 'generated'));
  const { initrd, problems } = runInitrd(base, runDir, {
    REGMILL_TEST: `/${guestRoot}/${isTs && !tsx ? options.test.replace(/\.ts$/, '.js') : options.test}`,
    REGMILL_NODE_ARGS: tsx ? '--import tsx' : '--enable-source-maps',
    REGMILL_MODULES: (options.modules ?? guestModules).join(' '),
    // The guest kills the test this much earlier than the host kills QEMU (boot takes 2-20 s under load).
    REGMILL_GUEST_TIMEOUT: String(Math.max(10, (options.timeoutSec ?? 120) - 25)),
  }, generatedDir, tools.tools);
  let ivshmemPath = options.ivshmemPath;
  if (devices.includes('ivshmem')) {
    ivshmemPath ??= path.join(runDir, 'ivshmem.bin');
    if (!existsSync(ivshmemPath)) writeFileSync(ivshmemPath, Buffer.alloc((options.ivshmemMiB ?? 4) << 20));
  }
  let nvmePath = options.nvmePath;
  if (devices.includes('nvme')) {
    nvmePath ??= path.join(runDir, 'nvme.img');
    if (!existsSync(nvmePath)) writeFileSync(nvmePath, Buffer.alloc(NVME_IMAGE_BYTES));
  }
  const args = qemuArgs({
    kernel: path.join(prepared.kernelDir, 'vmlinux'), initrd, devices, memoryMiB: options.memoryMiB ?? 1024,
    append: options.append ?? '', ivshmemPath, ivshmemMiB: options.ivshmemMiB ?? 4, nvmePath, qmpPath: path.join(runDir, 'qmp.sock'),
  });

  const started = Date.now();
  const logFd = openSync(logPath, 'w');
  if (generatedNote) writeSync(logFd, generatedNote);
  for (const p of problems) writeSync(logFd, `# not transpiled: ${p}\n`);
  for (const p of tools.problems) writeSync(logFd, `# guest tool not built: ${p}\n`);
  writeSync(logFd, `# qemu-system-x86_64 ${args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  /** @type {Buffer[]} raw bytes: the serial line splits UTF-8 sequences across chunks */
  const chunks = [];
  const result = await new Promise((resolve) => {
    const qemu = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; qemu.kill('SIGKILL'); }, (options.timeoutSec ?? 120) * 1000);
    const qmp = qmpClient(path.join(runDir, 'qmp.sock'), (line) => writeSync(logFd, `\n${line}\n`));
    let pending = '';
    /** @param {Buffer} b */
    const take = (b) => {
      chunks.push(b);
      writeSync(logFd, b);
      pending += b.toString('latin1');
      let i;
      while ((i = pending.indexOf('\n')) >= 0) {
        const m = /REGMILL-QMP (\{.*\})\s*$/.exec(pending.slice(0, i));
        pending = pending.slice(i + 1);
        if (m) qmp.send(/** @type {string} */ (m[1]));
      }
    };
    qemu.on('close', () => qmp.close());
    qemu.stdout.on('data', take);
    qemu.stderr.on('data', (/** @type {Buffer} */ b) => take(Buffer.from(`[qemu] ${b.toString('utf8')}`)));
    qemu.on('error', (err) => { clearTimeout(timer); resolve({ code: null, signal: null, timedOut, spawnError: err.message }); });
    qemu.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, timedOut, spawnError: null }); });
  });
  closeSync(logFd);
  const ms = Date.now() - started;
  if (!process.env.REGMILL_VM_KEEP) rmSync(runDir, { recursive: true, force: true });

  const log = Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n');
  // Not anchored to line starts: a test may end without a newline, and kernel messages can interleave.
  const init = /REGMILL-VM-INIT uptime=([\d.]+)/.exec(log);
  const done = /REGMILL-VM-RESULT rc=(\d+)/.exec(log);
  const rc = done ? Number(done[1]) : null;
  const output = init ? log.slice(init.index + init[0].length, done ? done.index : undefined).replace(/^[^\n]*\n/, '') : '';
  /** @type {string | undefined} */
  let reason;
  if (result.spawnError) reason = `could not start qemu-system-x86_64: ${result.spawnError}`;
  else if (result.timedOut) reason = `timed out after ${options.timeoutSec ?? 120} s${init ? ' (the test was running)' : ' (the guest never reached /init)'}`;
  else if (/Kernel panic - not syncing: (.*)/.test(log)) reason = `kernel panic: ${(/Kernel panic - not syncing: (.*)/.exec(log) ?? [])[1]}`;
  else if (rc === null) reason = `the guest stopped without reporting a result (QEMU exit ${result.code ?? result.signal}${init ? '' : '; /init never ran'})`;
  else if (/REGMILL-VM-WATCHDOG/.test(log)) reason = `the test hung: the guest watchdog killed it after ${Math.max(10, (options.timeoutSec ?? 120) - 25)} s (kernel messages in the log tail)`;
  else if (rc !== 0) reason = `the test exited with ${rc}`;
  const ok = reason === undefined;
  if (!ok && !options.quiet) {
    console.log(`--- guest log tail (${path.relative(projectRoot, logPath)}) ---\n${logTail(log)}\n--- end of guest log ---`);
  }
  return { ok, rc, output, log, logPath, reason, ms, guestInitSec: init ? Number(init[1]) : null };
}

// CLI: boot one test file with the devices its vm-guest header names.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node test/vm/boot.mjs <guest test file>');
    process.exit(2);
  }
  const abs = path.resolve(file);
  if (!existsSync(abs)) {
    console.error(`boot: ${file}: no such file`);
    process.exit(2);
  }
  if (path.relative(projectRoot, abs).startsWith('..')) {
    console.error(`boot: ${file} is outside the project (${projectRoot}); only the project tree is copied into the guest`);
    process.exit(2);
  }
  const config = readGuestConfig(abs, readFileSync(abs, 'utf8'));
  if ('error' in config) {
    console.error(config.error);
    process.exit(1);
  }
  const prepared = setup();
  if (!prepared.ok) {
    console.error(`cannot boot: ${prepared.reason}`);
    process.exit(prepared.canRun ? 1 : 2);
  }
  const r = await boot(prepared, { test: path.relative(projectRoot, abs), ...config.config });
  process.stdout.write(r.output && !r.output.endsWith('\n') ? `${r.output}\n` : r.output);
  console.log(`${r.ok ? 'PASS' : 'FAIL'} ${file} in ${(r.ms / 1000).toFixed(1)} s${r.reason ? `: ${r.reason}` : ''} (log: ${r.logPath})`);
  process.exit(r.ok ? 0 : 1);
}
