#!/usr/bin/env node
// Packages the extension to regmill-vscode-<version>.vsix with @vscode/vsce (through npx; the .vsix is
// build output and never committed). Installs the client library first, since vsce packs node_modules.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund']);
run('npx', ['--yes', '@vscode/vsce@4', 'package', '--allow-missing-repository', '--skip-license']);
