// Preloaded with `node --require` by the bench: writes this process's peak RSS (KiB) at exit.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.FLLM_RSS_FILE) writeFileSync(process.env.FLLM_RSS_FILE, String(process.resourceUsage().maxRSS));
});
