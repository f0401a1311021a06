// Stands in for node:child_process in the bundles: commander loads it at start-up for a feature
// fllm does not use (executable subcommands), and the module costs ~2 ms to load. Every use
// goes through to the real module, which is loaded on first use (the pager, mostly).
let real;
// The name is built at run time so that the bundler does not send this require to itself.
const builtin = ['child', 'process'].join('_');
const load = () => (real ??= require(builtin));
module.exports = new Proxy({}, {
  get: (_target, key) => load()[key],
  has: (_target, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Object.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
