// Types of guest-tools.mjs for the TypeScript tests that read its table.
export interface GuestTool {
  readonly name: string;
  readonly sources: readonly string[];
  readonly generatedIncludes?: readonly string[];
}
export declare const guestTools: readonly GuestTool[];
export declare function buildGuestTools(generatedDir: string): { tools: { name: string; path: string }[]; problems: string[] };
