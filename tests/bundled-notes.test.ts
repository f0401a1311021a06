// The bundled notes meet the bar set for them: complete, consistent, long enough, and clean.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileBook } from '../src/core/compile.js';
import { QUESTION_TYPES, allSections } from '../src/core/model.js';
import { ROOT } from './helpers.js';
import { renderMarkdown } from '../src/ui/render.js';
import { displayWidth } from '../src/core/text.js';

const NOTES = join(ROOT, 'notes');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const files = walk(NOTES).map((abs) => ({ path: relative(NOTES, abs), bytes: readFileSync(abs) }));
const { model, problems } = compileBook(files);

describe('bundled notes', () => {
  it('compile without a single problem', () => expect(problems).toEqual([]));
  it('have the five chapters', () => {
    expect(model.chapters.map((c) => c.slug)).toEqual(['pretraining', 'generative', 'prompting', 'alignment', 'inference']);
  });
  for (const chapter of model.chapters) {
    it(`chapter ${chapter.number} is long enough in both languages`, () => {
      const en = chapter.sections.map((s) => s.body.en).join('\n');
      const zh = chapter.sections.map((s) => s.body.zh).join('\n');
      expect(en.match(/[A-Za-z0-9'-]+/g)!.length).toBeGreaterThanOrEqual(3500);
      expect(zh.match(/[\u4e00-\u9fff]/g)!.length).toBeGreaterThanOrEqual(7000);
    });
    it(`chapter ${chapter.number} ends with a summary`, () => {
      const last = chapter.sections.filter((s) => s.depth === 1).at(-1)!;
      expect(last.title.en.toLowerCase()).toContain('summary');
    });
    it(`chapter ${chapter.number} has at least 40 questions of every type`, () => {
      const qs = model.questions.filter((q) => q.chapter === chapter.number);
      expect(qs.length).toBeGreaterThanOrEqual(40);
      for (const t of QUESTION_TYPES) expect(qs.some((q) => q.type === t), t).toBe(true);
    });
  }
  it('have at least 200 questions and 180 concepts', () => {
    expect(model.questions.length).toBeGreaterThanOrEqual(200);
    expect(model.concepts.length).toBeGreaterThanOrEqual(180);
  });
  it('use the Chinese edition terms', () => {
    const names = new Map(model.concepts.map((c) => [c.id, c]));
    expect(names.get('chain-of-thought')!.zh).toBe('链式推理');
    expect(names.get('chain-of-thought')!.aliases).toContain('思维链');
    expect(names.get('alignment')!.zh).toBe('对齐');
    expect(names.get('large-language-model')!.zh).toBe('大型语言模型');
  });
  it('render every section cleanly at 60 and 100 columns in both languages', () => {
    const bad: string[] = [];
    for (const s of allSections(model)) {
      for (const lang of ['en', 'zh'] as const) {
        for (const width of [60, 100]) {
          const out = renderMarkdown(`## ${s.ref} ${s.title[lang]}\n\n${s.body[lang]}`, { width, rawMath: false, color: false });
          for (const line of out.split('\n')) {
            // No raw LaTeX, no unconverted $…$, no stray **, and nothing wider than the screen.
            if (/\\[a-zA-Z]{2,}|\$[^$\s][^$]*\$|\*\*\S/.test(line) || displayWidth(line) > width) bad.push(`${s.ref} ${lang} @${width}: ${line}`);
          }
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
  it('contain no placeholder text and no raw control characters', () => {
    for (const s of allSections(model)) {
      for (const text of [s.body.en, s.body.zh]) {
        expect(text).not.toMatch(/\b(TODO|FIXME|TBD|lorem ipsum)\b/i);
        expect(text).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
      }
    }
  });
});
