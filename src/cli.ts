// Entry point. Kept tiny so `fllm --version` loads almost nothing; the command table lives in
// program.ts and every handler is loaded only when its command runs.
declare const FLLM_VERSION: string;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${FLLM_VERSION}\n`);
} else {
  void import('./code-cache.js')
    .then(({ useCodeCache }) => useCodeCache(__dirname))
    .then(() => import('./program.js'))
    .then(({ run }) => run(process.argv));
}
