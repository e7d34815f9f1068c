// Generated TypeScript goes through prettier so it reads like hand-written code.
import * as prettier from 'prettier';

export async function formatTs(source: string, what: string): Promise<string> {
  try {
    return await prettier.format(source, { parser: 'typescript', printWidth: 120, singleQuote: true });
  } catch (e) {
    // A syntax error here is a backend bug: say which file, keep prettier's message.
    throw new Error(`ts backend produced invalid TypeScript for ${what}: ${(e as Error).message}`);
  }
}
