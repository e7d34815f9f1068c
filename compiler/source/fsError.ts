// One way to say why a file-system call failed, errno once: `EACCES: permission denied (open x.regs)`.
// Node's own message repeats the code in front (`EACCES: permission denied, open 'x.regs'`), so
// printing `${code} ${message}` showed it twice.
export function fsErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = String(err?.message ?? e);
  if (!err?.code || !/^E[A-Z0-9]+$/.test(err.code)) return message;
  const why = message.replace(new RegExp(`^${err.code}: `), '').replace(/, \w+ '.*'$/s, '');
  const call = err.syscall ? ` (${err.syscall}${err.path ? ` ${err.path}` : ''})` : '';
  return `${err.code}: ${why}${call}`;
}
