// A stand-in for a Node built-in module that loads the real one on first use. The bundles
// alias a few built-ins to it (see scripts/build.mjs) because loading them costs milliseconds
// at every start while most runs never touch them. Callers pass the name built at run time, so
// that the bundler does not send that require back to the stand-in.
module.exports = function lazyBuiltin(name) {
  let real;
  const load = () => (real ??= require(name));
  return new Proxy({}, {
    get: (_target, key) => load()[key],
    has: (_target, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
};
