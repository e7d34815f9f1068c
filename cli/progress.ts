// `regmill build`'s progress line on stderr (never stdout): which spec and which step (analysis, each
// back end, each wasm module) it is on. `auto` shows it only on a TTY, as one line rewritten in place
// and erased at the end, so captured stderr (CI, pipes, tests) stays clean; `always` prints one line
// per step even when stderr is not a TTY (for CI logs); `never` is silent. A step is shown at its
// start once the build has run `delayMs`, or at once when it is known to be slow (asc + binaryen take
// about a second even for a small spec), so builds shorter than a second print nothing.
export type ProgressMode = 'auto' | 'always' | 'never';
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'always', 'never'];

export interface ProgressOptions {
  readonly mode: ProgressMode;
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
  readonly delayMs?: number;
  readonly now?: () => number;
}

export class Progress {
  private readonly start: number;
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly inPlace: boolean;
  private readonly on: boolean;
  private shown = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.delayMs = options.delayMs ?? 1000;
    this.on = options.mode === 'always' || (options.mode === 'auto' && options.isTTY);
    this.inPlace = this.on && options.isTTY;
  }

  /** Announces the step starting now; `slow`: known to take about a second or more. */
  step(what: string, slow = false): void {
    if (!this.on || (!slow && this.now() - this.start < this.delayMs)) return;
    const s = ((this.now() - this.start) / 1000).toFixed(1);
    const line = `regmill build: ${what} (${s} s)`;
    this.options.write(this.inPlace ? `\r\x1b[K${line}` : `${line}\n`);
    this.shown = true;
  }

  /** Erases the in-place line (call before printing anything else, and at the end). */
  clear(): void {
    if (this.inPlace && this.shown) this.options.write('\r\x1b[K');
    this.shown = false;
  }
}
