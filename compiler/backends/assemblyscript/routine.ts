// One exported routine of a generated module: what the AssemblyScript source and the TypeScript
// wrapper are both rendered from.

/** One exported routine: what the module source and the TypeScript wrapper are both rendered from. */
export interface Routine {
  readonly name: string;
  /** `name: type` with AssemblyScript types u32, u64, i32, usize. */
  readonly params: readonly string[];
  readonly ret: string;
  readonly body: readonly string[];
  readonly doc: string;
  /** What the window-offset arguments must satisfy, for the wrapper's checks: [param, bytes, align]. */
  readonly regions?: readonly (readonly [string, string, number])[];
}

export function fn(name: string, params: string[], ret: string, body: string[], doc: string, regions?: Routine['regions']): Routine {
  return regions ? { name, params, ret, body, doc, regions } : { name, params, ret, body, doc };
}

