// Random edits to a folder of notes (new text, removed and added notes that renumber the
// others, inline definitions, glossary changes): after each, the updated index (main, layer or
// merged) answers exactly as an index built from scratch: same hits, scores, titles, snippets.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFolder } from '../src/io/folder-notes.js';
import { openFolderIndex } from '../src/io/search-index.js';
import { NotesSearch } from '../src/core/search.js';
import { tempDir } from './helpers.js';

/** A fixed pseudo-random sequence, so that a failure can be replayed. */
function randomFrom(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const WORDS = ['walrus', 'okapi', 'tapir', 'zebu', 'ibex', 'quokka', 'attention', 'transformer', 'token', 'layer', '注意力机制', '预训练', '对齐', 'model', 'models', 'gradient'];
const TERMS = ['attention', 'tapir', '注意力机制', 'token'];
const QUERIES = ['walrus', 'okapi', 'attention', 'atention', 'tok', '注意力', '预训练', 'zhuyili', 'models', 'note 3', 'transformr', 'gradient ibex', 'dui qi'];

describe('a folder index under random edits', () => {
  it('answers as an index built from scratch after every edit', async () => {
    const random = randomFrom(7);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    let clock = 10;
    const edit = (path: string, text: string) => {
      writeFileSync(path, text);
      const t = new Date(Date.now() + clock++ * 1000);
      utimesSync(path, t, t);
    };
    const noteText = (i: number) => {
      let text = `# Note ${i} ${pick(WORDS)}\n\n${pick(WORDS)} intro ${pick(WORDS)}\n`;
      for (let k = 0, n = 1 + Math.floor(random() * 3); k < n; k++) {
        text += `\n## ${pick(WORDS)} part ${k}\n\n${Array.from({ length: 3 + Math.floor(random() * 8) }, () => pick(WORDS)).join(' ')}\n`;
        if (random() < 0.2) text += `\n${pick(TERMS)}:: defined in ${i} as ${pick(WORDS)}\n`;
      }
      return text;
    };
    const update = async (dir: string, home: string) => {
      const compiled = compileFolder(dir, home);
      return openFolderIndex({ model: compiled.model, folder: compiled.folder!, dataDir: home, warn: () => {} });
    };
    const answers = (index: Awaited<ReturnType<typeof update>>) =>
      QUERIES.map((q) => new NotesSearch(index.hits, index.file).search(q, { limit: 50, lang: 'en', width: 60 }).map((h) => [h.ref, h.kind, h.score, h.title, h.conceptId, h.snippet.text]));

    const dir = tempDir('fllm-fuzz-');
    const home = tempDir();
    const count = 30;
    for (let i = 1; i <= count; i++) edit(join(dir, `${i}.md`), noteText(i));
    writeFileSync(join(dir, 'glossary.yaml'), '- term: gradient\n  zh: 梯度下降法\n  definition: step downhill\n');
    await update(dir, home);
    const kinds = new Set<string>();
    for (let step = 0; step < 25; step++) {
      const r = random();
      const i = 1 + Math.floor(random() * (count + 5));
      const path = join(dir, `${i}.md`);
      if (r < 0.6) edit(path, noteText(i));
      else if (r < 0.85 && existsSync(path)) rmSync(path);
      else if (r < 0.93) edit(join(dir, `0${i}.md`), noteText(i));
      else edit(join(dir, 'glossary.yaml'), `- term: gradient\n  zh: 梯度下降法\n  definition: step ${pick(WORDS)}\n- term: ${pick(['walrus', 'okapi', 'ibex'])}\n  definition: animal ${pick(WORDS)}\n  ref: "${1 + Math.floor(random() * 5)}.1"\n`);
      const updated = await update(dir, home);
      kinds.add(readKind(home));
      const scratch = await update(dir, tempDir());
      expect(answers(updated), `step ${step}`).toEqual(answers(scratch));
    }
    // The walk went through both ways of updating.
    expect([...kinds].sort()).toEqual(['layer', 'main']);
  }, 120_000);
});

/** Whether the folder's index is now a main index alone or a main with a layer. */
function readKind(home: string): string {
  const meta = readdirSync(join(home, 'cache')).find((f) => f.endsWith('.meta'))!;
  const firstLine = readFileSync(join(home, 'cache', meta), 'utf8').split('\n')[0]!; // JSON, then the binary file table
  return (JSON.parse(firstLine) as { layer: string | null }).layer ? 'layer' : 'main';
}
