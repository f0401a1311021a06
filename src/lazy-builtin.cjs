// A stand-in for a Node built-in module that loads the real one on first use. The bundles
// alias a few built-ins to it (see scripts/build.mjs) because loading them costs milliseconds
// at every start while most runs never touch them. Callers pass the name built at run time, so
// that the bundler does not send that require back to the stand-in, and the names of the
// exports they use: the bundler's import helper lists a module's keys when it is required, and
// answering from that list keeps the listing from loading the module.
module.exports = function lazyBuiltin(name, keys) {
  let real;
  const load = () => (real ??= require(name));
  return new Proxy({}, {
    get: (_target, key) => load()[key],
    has: (_target, key) => keys.includes(key) || key in load(),
    ownKeys: () => [...keys],
    getOwnPropertyDescriptor: (_target, key) =>
      keys.includes(key) ? { configurable: true, enumerable: true, get: () => load()[key] } : undefined,
  });
};
