// Guest side of test/vm/qmp.mjs: asks the host to send one QMP command to this guest's QEMU (e.g.
// `device_del` for a real hot-unplug). Fire and forget: the effect shows up in the guest itself.
export function qmp(execute: string, args?: Record<string, unknown>): void {
  process.stdout.write(`\nREGMILL-QMP ${JSON.stringify(args ? { execute, arguments: args } : { execute })}\n`);
}
