// The sampling profile of `--profile` rows: the guest prints it on its console (guest.ts, `profiled`),
// the host picks it out of the guest's output (run.ts) so it lands on the terminal, not only in the
// guest log. One module owns the format, so the two sides cannot drift apart.

/** Where bench/nvme/run.ts writes a run's profiles, from the repository root (its help names it too). */
export const PROFILE_FILE = 'bench/out/nvme-profile.txt';

/** The line that heads one row's profile. */
export const profileHeader = (row: string, samples: number): string => `profile of row ${row}: ${samples} samples`;

/** One function's line: its share of the samples, then `name file:line`. */
export const profileEntry = (percent: number, where: string): string => `  ${percent.toFixed(1).padStart(5)}%  ${where}`;

const header = /profile of row \S+: \d+ samples/;
const entry = /^\s*\d+\.\d%\s{2}\S/;

/**
 * The profile lines in a guest's console output: each header and the entries right after it, without
 * what the console adds (carriage returns, text before the header on its line). Empty when no row ran
 * under the profiler.
 */
export function profileLines(output: string): string[] {
  const out: string[] = [];
  let inProfile = false;
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r/g, '');
    const h = header.exec(line);
    if (h) {
      out.push(h[0]);
      inProfile = true;
    } else if (inProfile && entry.test(line)) {
      out.push(line.trimEnd());
    } else {
      inProfile = false;
    }
  }
  return out;
}
