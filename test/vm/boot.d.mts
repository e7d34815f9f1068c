// Types of boot.mjs for TypeScript callers (bench/nvme/run.ts); boot.mjs's JSDoc is the reference.
export type SetupResult = { ok: true; kernelDir: string; kernelVersion: string; busybox: string } | { ok: false; canRun: boolean; reason: string };
export function setup(): SetupResult;

export interface BootOptions {
  test: string;
  devices?: readonly ('edu' | 'ivshmem' | 'e1000e' | 'nvme' | 'iommu' | 'iommu-noir' | 'edu-hotplug')[];
  timeoutSec?: number;
  memoryMiB?: number;
  modules?: readonly string[];
  append?: string;
  ivshmemPath?: string;
  ivshmemMiB?: number;
  nvmePath?: string;
  name?: string;
  quiet?: boolean;
  loader?: 'transpile' | 'tsx';
  generatedDir?: string;
  nodeArgs?: string[];
  extraTrees?: { host: string; archive: string }[];
}

export interface BootResult {
  ok: boolean;
  rc: number | null;
  output: string;
  log: string;
  logPath: string;
  reason?: string;
  ms: number;
  guestInitSec: number | null;
}

export function boot(prepared: { kernelDir: string; kernelVersion: string; busybox: string }, options: BootOptions): Promise<BootResult>;
export function logTail(log: string, lines?: number): string;
export function runName(test: string): string;
