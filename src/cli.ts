// Entry point. Kept tiny so `fllm --version` loads almost nothing; the command table lives in
// program.ts and every handler is loaded only when its command runs.
import { writeSync } from 'node:fs';

declare const FLLM_VERSION: string;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  try {
    writeSync(1, `${FLLM_VERSION}\n`);
  } catch (e) {
    // A reader that has gone (`fllm --version | true`) needs nothing; a full non-blocking pipe gets the stream.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPIPE' && code !== 'EOF') process.stdout.write(`${FLLM_VERSION}\n`);
  }
} else {
  void import('./code-cache.js')
    .then(({ useCodeCache }) => useCodeCache(__dirname))
    .then(() => import('./program.js'))
    .then(({ run }) => run(process.argv));
}
