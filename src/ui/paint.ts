// Colour for our own output. The level is always given: chalk's own guess would look at the
// terminal when chalk loads, which costs every command node:tty (and node:net) even when its
// output goes to a file or a pipe; the bundles leave that guess out (scripts/build.mjs).
import { Chalk, type ChalkInstance } from 'chalk';

/** Basic ANSI colours are all we use, so level 1 shows the same in any colour terminal. */
export function painter(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
