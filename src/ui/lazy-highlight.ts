// Stands in for cli-highlight in the bundle: highlight.js costs ~170 ms to load, so it is loaded
// only when a code block names a real language. Throwing makes marked-terminal print the code
// in its plain code style instead.
import { createRequire } from 'node:module';

const PLAIN = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'math', 'diagram']);

export function highlight(code: string, options: { language?: string }): string {
  if (PLAIN.has((options.language ?? '').toLowerCase())) throw new Error('plain text');
  const require = createRequire(import.meta.url);
  const real = require('cli-highlight') as { highlight: (c: string, o: object) => string };
  return real.highlight(code, options).split('\n').map((l) => '\uE000' + l).join('\n');
}
