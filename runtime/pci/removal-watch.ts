// Notices a PCI device leaving sysfs (hot-unplug, `echo 1 > /sys/bus/pci/devices/<BDF>/remove`). sysfs
// sends no inotify events for a removed device directory, so this checks the directory's existence on
// an unref'd timer: it never keeps the process alive, and costs one stat per period.
import { existsSync } from 'node:fs';

export const REMOVAL_POLL_MS = 200;

export function watchSysfsRemoval(sysPath: string, onRemoved: () => void, periodMs = REMOVAL_POLL_MS): () => void {
  const timer = setInterval(() => {
    if (existsSync(sysPath)) return;
    clearInterval(timer);
    onRemoved();
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
