// Small static C programs the guests run (built on the host with its C compiler, never in the guest,
// which has no toolchain): a raw AF_PACKET sender/receiver/forwarder for the kernel's e1000e driver
// (Node cannot open an AF_PACKET socket without an addon) and the C baseline of the NIC benchmark.
// Each is cached under a hash of its sources, the headers it may include and the compiler's version,
// and lands in the run archive as /usr/bin/<name>. setup.sh installs gcc and libc6-dev when missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, projectRoot } from './initramfs.mjs';

/**
 * @typedef {object} GuestTool
 * @property {string} name installed as /usr/bin/<name> in the guest
 * @property {string[]} sources project-relative C files
 * @property {string[]} [generatedIncludes] directories under generated/ added with -I (the generated C headers)
 */

/** @type {readonly GuestTool[]} */
export const guestTools = [
  { name: 'rawsock', sources: ['test/vm/tools/rawsock.c'] },
  { name: 'nicbench', sources: ['bench/nic/nicbench.c'], generatedIncludes: ['e1000e'] },
];

/** Every *.h of a directory, sorted, for the cache key. @param {string} dir */
function headers(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.h')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8')) : [];
}

/**
 * Builds (or finds cached) every guest tool. A tool that does not build is reported, not thrown: the
 * tests that need it then fail naming the compiler's error, the others still run.
 * @param {string} generatedDir the generated/ directory the guest gets (its C headers are compiled in)
 * @returns {{ tools: { name: string, path: string }[], problems: string[] }}
 */
export function buildGuestTools(generatedDir) {
  const cc = process.env.CC ?? 'cc';
  const version = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return { tools: [], problems: [`no C compiler '${cc}' on the host (test/vm/setup.sh installs gcc): guest tools not built`] };
  /** @type {{ name: string, path: string }[]} */
  const tools = [];
  /** @type {string[]} */
  const problems = [];
  for (const tool of guestTools) {
    const sources = tool.sources.map((s) => path.join(projectRoot, s));
    if (!sources.every((s) => existsSync(s))) continue;
    const includes = (tool.generatedIncludes ?? []).map((d) => path.join(generatedDir, d));
    const key = createHash('sha256')
      .update(JSON.stringify({ cc: version.stdout, sources: sources.map((s) => readFileSync(s, 'utf8')), headers: includes.map(headers) }))
      .digest('hex').slice(0, 16);
    const dir = path.join(cacheDir, 'tools', key);
    const out = path.join(dir, tool.name);
    if (!existsSync(out)) {
      mkdirSync(dir, { recursive: true });
      const tmp = `${out}.tmp-${process.pid}`;
      // Static: the guest carries only node's libraries; -Werror keeps warnings from hiding in CI logs.
      const r = spawnSync(cc, ['-static', '-O2', '-std=gnu11', '-Wall', '-Wextra', '-Werror', ...includes.map((i) => `-I${i}`), '-o', tmp, ...sources], { encoding: 'utf8' });
      if (r.status !== 0) {
        rmSync(tmp, { force: true });
        problems.push(`${tool.sources.join(' ')}: ${cc} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 6).join(' | ')}`);
        continue;
      }
      renameSync(tmp, out);
    }
    tools.push({ name: tool.name, path: out });
  }
  return { tools, problems };
}
