// chevrotain, loaded from the single-file bundle it ships beside its entry point. The package's
// exported entry (`lib/src/api.js`) is several hundred ES modules (chevrotain + lodash-es) that take
// ~250 ms of CPU to load — on every CLI run; `lib/chevrotain.mjs` is the same release built into one
// file and loads in ~10 ms. If the bundle is ever missing, the regular entry is used.
import type * as Chevrotain from 'chevrotain';

async function load(): Promise<typeof Chevrotain> {
  try {
    // The package's `exports` hide the bundle from a bare specifier, so go there from the entry's URL.
    const entry = import.meta.resolve('chevrotain');
    return (await import(new URL('../chevrotain.mjs', entry).href)) as typeof Chevrotain;
  } catch {
    return await import('chevrotain');
  }
}

export const chevrotain: typeof Chevrotain = await load();
