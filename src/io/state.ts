// Reading state (position and sections read), per notes source, kept in the data dir as one
// small JSON file replaced atomically (write a temp file, then rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';

export interface SourceState {
  position?: string;
  /** ref → ISO time it was first shown. */
  read: Record<string, string>;
}

interface StateFile {
  version: 1;
  sources: Record<string, SourceState>;
}

function statePath(dir: string): string {
  return join(dir, 'state.json');
}

/** Convert whatever is on disk into a clean StateFile; a damaged file yields an empty state. */
function toStateFile(raw: unknown): StateFile {
  const out: StateFile = { version: 1, sources: {} };
  if (!raw || typeof raw !== 'object') return out;
  const sources = (raw as { sources?: unknown }).sources;
  if (!sources || typeof sources !== 'object') return out;
  for (const [key, value] of Object.entries(sources as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const v = value as { position?: unknown; read?: unknown };
    const read: Record<string, string> = {};
    if (v.read && typeof v.read === 'object') {
      for (const [ref, at] of Object.entries(v.read as Record<string, unknown>)) if (typeof at === 'string') read[ref] = at;
    }
    out.sources[key] = { ...(typeof v.position === 'string' ? { position: v.position } : {}), read };
  }
  return out;
}

export function loadState(dir: string): StateFile {
  let text: string;
  try {
    text = readFileSync(statePath(dir), 'utf8');
  } catch {
    return { version: 1, sources: {} };
  }
  try {
    return toStateFile(JSON.parse(text));
  } catch {
    return { version: 1, sources: {} };
  }
}

export function sourceState(dir: string, source: string): SourceState {
  return loadState(dir).sources[source] ?? { read: {} };
}

export function updateSourceState(dir: string, source: string, change: (s: SourceState) => void): void {
  const state = loadState(dir);
  const current = state.sources[source] ?? { read: {} };
  change(current);
  state.sources[source] = current;
  const path = statePath(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(state, null, 1) + '\n');
    renameSync(tmp, path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    const why = code || (cause as Error).message;
    throw new DataError({ en: `cannot save reading position in ${dir} (${why}): make the folder writable or set FLLM_HOME to one that is`, zh: `无法在 ${dir} 保存阅读进度（${why}）：请让它可写，或把 FLLM_HOME 设为可写的文件夹` }, { cause });
  }
}
