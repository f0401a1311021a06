// node:child_process in the bundles: commander loads it at start-up for a feature fllm does not
// use (executable subcommands), and it costs ~2 ms to load. The pager loads it for real.
module.exports = require('./lazy-builtin.cjs')(['child', 'process'].join('_'), ['spawn', 'spawnSync', 'execFileSync']);
