// The formatter's output buffer: whole lines, one open line that words are added to, and blank lines
// that never double up or trail. Trailing line comments on consecutive lines are aligned in one column.

interface Line {
  readonly text: string;
  /** Where a trailing comment starts in `text` (the code before it is trimmed). */
  readonly commentAt?: number;
}

export class Lines {
  private readonly done: Line[] = [];
  private cur: string | undefined;
  /** The open line holds only its indentation. */
  private bare = true;
  private commentAt: number | undefined;

  /** Ends the open line and opens a new one at `indent`. */
  start(indent: string): void {
    this.flush();
    this.cur = indent;
    this.bare = true;
    this.commentAt = undefined;
  }

  /** A comment after the words of the open line (aligned with its neighbours' at the end). */
  putTrailing(comment: string): void {
    if (this.cur === undefined || this.bare) return this.put(comment, false);
    this.commentAt = this.cur.length + 1;
    this.put(comment, true);
  }

  /** Adds text to the open line, after a blank when `space` and the line already has words. */
  put(text: string, space: boolean): void {
    if (this.cur === undefined) this.start('');
    this.cur += (space && !this.bare ? ' ' : '') + text;
    this.bare = false;
  }

  flush(): void {
    if (this.cur === undefined) return;
    const lines = this.cur.split('\n').map((l) => l.trimEnd());
    if (this.bare) {
      // nothing but indentation
    } else if (lines.length === 1 && this.commentAt !== undefined) this.done.push({ text: lines[0]!, commentAt: this.commentAt });
    else this.done.push(...lines.map((text) => ({ text })));
    this.cur = undefined;
    this.commentAt = undefined;
  }

  /** One empty line here, unless the output is empty or already ends with one. */
  blank(): void {
    this.flush();
    if (this.done.length && this.done[this.done.length - 1]!.text !== '') this.done.push({ text: '' });
  }

  /** A line with words on it is open (a trailing comment can join it). */
  get hasWords(): boolean {
    return this.cur !== undefined && !this.bare;
  }

  /** Width of the open line so far (its last physical line, if a comment spans several). */
  get column(): number {
    if (this.cur === undefined) return 0;
    return this.cur.length - (this.cur.lastIndexOf('\n') + 1);
  }

  /** Indentation of the open line. */
  get indent(): string {
    return this.cur === undefined ? '' : /^ */.exec(this.cur)![0];
  }

  text(): string {
    this.flush();
    while (this.done.length && this.done[this.done.length - 1]!.text === '') this.done.pop();
    const out: string[] = [];
    for (let i = 0; i < this.done.length; ) {
      if (this.done[i]!.commentAt === undefined) {
        out.push(this.done[i++]!.text);
        continue;
      }
      // A run of consecutive, equally indented lines with trailing comments: one column, a blank
      // after the longest code.
      const indent = /^ */.exec(this.done[i]!.text)![0].length;
      let j = i;
      while (j < this.done.length && this.done[j]!.commentAt !== undefined && /^ */.exec(this.done[j]!.text)![0].length === indent) j++;
      const run = this.done.slice(i, j).map((l) => ({ code: l.text.slice(0, l.commentAt! - 1).trimEnd(), comment: l.text.slice(l.commentAt) }));
      const column = Math.max(...run.map((l) => l.code.length)) + 1;
      for (const l of run) out.push(l.code.padEnd(column) + l.comment);
      i = j;
    }
    return out.length ? out.join('\n') + '\n' : '';
  }
}
