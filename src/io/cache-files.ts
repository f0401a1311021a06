// Removing cache files that are no longer used. Cache files are written under new names and
// the file naming them is replaced last, so readers never see half a version; what is left
// behind is old versions, and the files of a writer that lost a race with another one.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Old enough that no fllm process can still be writing it or about to name it. */
const ORPHAN_AGE_MS = 10 * 60 * 1000;

/**
 * Remove the files of `names` from `dir` (a version just replaced: a reader that opened one a
 * moment ago still reads it, since an open file outlives its name), and the files starting with
 * `prefix` that nothing names in `keep` and that are older than ORPHAN_AGE_MS.
 */
export function removeStaleCacheFiles(dir: string, names: Iterable<string>, prefix: string, keep: Set<string>): void {
  const remove = (name: string) => {
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // a stale file only takes room; the next write tries again
    }
  };
  for (const name of names) if (!keep.has(name)) remove(name);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of entries) {
    if (!name.startsWith(prefix) || keep.has(name)) continue;
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    if (st && now - st.mtimeMs > ORPHAN_AGE_MS) remove(name);
  }
}
