// node:crypto in the bundles: it costs ~2.5 ms to load, and only hashing a folder's listing or
// drawing a random question needs it.
module.exports = require('./lazy-builtin.cjs')(['node', 'crypto'].join(':'), ['createHash', 'randomUUID', 'randomInt']);
