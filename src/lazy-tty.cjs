// node:tty in the bundles: loading it loads node:net and the stream modules (~2 ms), and only
// output that may be a terminal needs it (see src/ui/output.ts).
module.exports = require('./lazy-builtin.cjs')(['node', 'tty'].join(':'), ['isatty', 'ReadStream', 'WriteStream']);
