// Stands in for chalk's terminal check in the bundles (scripts/build.mjs): we always give chalk
// its level (src/ui/paint.ts), and the check would load node:tty at every start.
module.exports = { stdout: false, stderr: false };
