// Where the kernel's trees live. Injectable so tests run against a fixture tree in a temp directory.
export interface HostRoots {
  /** Default '/sys'. */
  readonly sysfsRoot?: string;
  /** Default '/dev'. */
  readonly devRoot?: string;
  /** Default '/proc'. */
  readonly procRoot?: string;
}

export interface ResolvedRoots {
  readonly sysfsRoot: string;
  readonly devRoot: string;
  readonly procRoot: string;
}

export function resolveRoots(roots: HostRoots = {}): ResolvedRoots {
  return { sysfsRoot: roots.sysfsRoot ?? '/sys', devRoot: roots.devRoot ?? '/dev', procRoot: roots.procRoot ?? '/proc' };
}

const BDF = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/;

/** True for "0000:00:04.0" or "00:04.0". */
export function isBdf(text: string): boolean {
  return BDF.test(text);
}

/** "00:04.0" → "0000:00:04.0" (lower case); throws on anything that is not a PCI address. */
export function normalizeBdf(text: string): string {
  // A JavaScript caller can pass anything ({ vfio: 5 }): say what an address looks like.
  if (typeof text !== 'string') throw new TypeError(`${String(text)} (a ${typeof text}) is not a PCI address: give a string DDDD:BB:SS.F, e.g. "0000:00:04.0" (\`lspci -D\` lists them)`);
  const m = BDF.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a PCI address (expected DDDD:BB:SS.F, e.g. 0000:00:04.0)`);
  return `${(m[1] ?? '0000').toLowerCase()}:${m[2]!.toLowerCase()}:${m[3]!.toLowerCase()}.${m[4]}`;
}
