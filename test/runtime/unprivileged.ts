// Runs a script as an unprivileged user (uid/gid 65534), to pin down the errors non-root users see.
// The child starts as the current user, loads its imports (the project may live in a folder only that
// user can read, such as a 0700 mktemp dir), then drops to 65534 before the body runs. Started as a
// non-root user, the child is unprivileged already and drops nothing.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export const NOBODY = 65534;

/** `imports`: static import lines (hoisted, so they load before the drop); `body`: the code under test. */
export function runUnprivileged(imports: string, body: string): SpawnSyncReturns<string> {
  const drop = process.getuid?.() === 0 ? `process.setgroups([]); process.setgid(${NOBODY}); process.setuid(${NOBODY});` : '';
  const script = `${imports}\n${drop}\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd(), timeout: 20000 });
}
