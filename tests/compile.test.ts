import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileBook, type SourceFile } from '../src/core/compile.js';
import { formatProblem } from '../src/core/model.js';
import { FIXTURE_BOOK } from './helpers.js';

function fixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else files.set(relative(FIXTURE_BOOK, abs), readFileSync(abs, 'utf8'));
    }
  };
  walk(FIXTURE_BOOK);
  return files;
}

function compile(files: Map<string, string | Uint8Array>) {
  const sources: SourceFile[] = [...files].map(([path, text]) => ({ path, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text }));
  const result = compileBook(sources);
  return { ...result, messages: result.problems.map((p) => formatProblem(p)) };
}

function mutate(path: string, change: (text: string) => string) {
  const files = fixtureFiles();
  files.set(path, change(files.get(path)!));
  return compile(files);
}

describe('compileBook on the good fixture', () => {
  const { model, problems } = compile(fixtureFiles());
  it('has no problems', () => expect(problems).toEqual([]));
  it('numbers sections from headings', () => {
    expect(model.chapters[0]!.sections.map((s) => s.ref)).toEqual(['1', '1.1', '1.1.1', '1.2']);
    expect(model.chapters[0]!.sections[2]!.title).toEqual({ en: 'Masked language modeling', zh: '掩码语言建模' });
  });
  it('keeps source lines for each language', () => {
    expect(model.chapters[0]!.sections[1]!.source.en).toEqual({ file: 'en/01-pretraining.md', line: 11 });
  });
  it('reads glossary and quizzes', () => {
    expect(model.concepts.map((c) => c.id)).toEqual(['pre-training', 'masked-language-modeling', 'fine-tuning']);
    expect(model.questions.map((q) => q.type)).toEqual(['single', 'truefalse', 'short', 'order', 'cloze', 'multi']);
  });
  it('ignores headings inside code fences', () => {
    const r = mutate('en/01-pretraining.md', (t) => t + '\n```text\n## not a heading\n```\n');
    expect(r.problems).toEqual([]);
  });
});

describe('compileBook reports every problem with file:line', () => {
  const cases: [string, string, (t: string) => string, string][] = [
    ['unclosed frontmatter', 'en/01-pretraining.md', (t) => t.replace('---\n\n# Pre-training', '\n# Pre-training'), 'en/01-pretraining.md:1: frontmatter is not closed'],
    ['broken frontmatter YAML', 'en/01-pretraining.md', (t) => t.replace('title: Pre-training', 'title: [Pre-training'), 'en/01-pretraining.md:'],
    ['wrong chapter number', 'zh/01-pretraining.md', (t) => t.replace('chapter: 1', 'chapter: 2'), 'zh/01-pretraining.md:2: frontmatter `chapter` must be 1'],
    ['missing title', 'en/01-pretraining.md', (t) => t.replace('title: Pre-training\n', ''), 'frontmatter needs a `title`'],
    ['different section trees', 'zh/01-pretraining.md', (t) => t.replace('### 掩码语言建模', '## 掩码语言建模'), 'section tree differs'],
    ['glossary ref to a missing section', 'glossary.yaml', (t) => t.replace('ref: "1.2"', 'ref: "1.9"'), 'glossary.yaml:26: concept `fine-tuning` points to section 1.9, which does not exist'],
    ['glossary ref to a section that does not mention it', 'glossary.yaml', (t) => t.replace('ref: "1.2"', 'ref: "1.1.1"'), 'section 1.1.1 does not mention `fine-tuning`'],
    ['duplicate concept id', 'glossary.yaml', (t) => t.replace('id: fine-tuning', 'id: pre-training'), 'glossary.yaml:19: duplicate concept id `pre-training` (first defined at glossary.yaml:1)'],
    ['unknown related concept', 'glossary.yaml', (t) => t.replace('related: [pre-training]\n- id: fine', 'related: [nope]\n- id: fine'), 'related concept `nope` does not exist'],
    ['missing definition language', 'glossary.yaml', (t) => t.replace('    zh: 在有标注的任务数据上更新预训练模型的参数。\n', ''), '`definition` needs both `en` and `zh` text'],
    ['bad id', 'glossary.yaml', (t) => t.replace('id: fine-tuning', 'id: Fine Tuning'), 'glossary entry needs an `id` of lowercase letters'],
    ['single choice with two answers', 'quizzes/01-pretraining.yaml', (t) => t.replace('{en: "50%", zh: "50%"}', '{en: "50%", zh: "50%", correct: true}'), 'needs exactly one choice with `correct: true` (got 2)'],
    ['question with unknown concept', 'quizzes/01-pretraining.yaml', (t) => t.replace('concepts: [fine-tuning]\n    type: truefalse', 'concepts: [nope]\n    type: truefalse'), 'concept `nope` is not in the glossary'],
    ['question with missing ref', 'quizzes/01-pretraining.yaml', (t) => t.replace('ref: "1.1.1"', 'ref: "7.1"'), '`ref` 7.1 is not a section'],
    ['truefalse without boolean answer', 'quizzes/01-pretraining.yaml', (t) => t.replace('answer: false', 'answer: nope'), 'needs `answer: true` or `answer: false`'],
    ['cloze without blank', 'quizzes/01-pretraining.yaml', (t) => t.replace('trained with ____ language', 'trained with masked language'), 'a cloze question needs exactly one blank `____` in its en text (found 0)'],
    ['duplicate question id', 'quizzes/01-pretraining.yaml', (t) => t.replace('id: fixture-ft-updates', 'id: fixture-mlm-rate'), 'duplicate question id `fixture-mlm-rate`'],
    ['unknown type', 'quizzes/01-pretraining.yaml', (t) => t.replace('type: order', 'type: essay'), '`type` must be one of single, multi, truefalse, short, cloze, order'],
    ['question missing zh', 'quizzes/01-pretraining.yaml', (t) => t.replace('question: {en: "Put the steps in order.", zh: "把步骤排好顺序。"}', 'question: {en: "Put the steps in order."}'), '`question` needs both `en` and `zh` text'],
  ];
  for (const [name, path, change, expected] of cases) {
    it(name, () => {
      const r = mutate(path, change);
      expect(r.messages.join('\n')).toContain(expected);
    });
  }

  it('reports a missing counterpart', () => {
    const files = fixtureFiles();
    files.delete('zh/01-pretraining.md');
    expect(compile(files).messages.join('\n')).toContain('en/01-pretraining.md:1: chapter 1 has no zh counterpart: add zh/01-pretraining.md');
  });
  it('reports a file that is not UTF-8', () => {
    const files: Map<string, string | Uint8Array> = fixtureFiles();
    files.set('en/01-pretraining.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]));
    expect(compile(files).messages.join('\n')).toContain('en/01-pretraining.md: not valid UTF-8 text');
  });
  it('reports an empty folder', () => {
    expect(compile(new Map()).messages.join('\n')).toContain('no chapter files found');
  });
  it('reports every problem, not only the first', () => {
    const files = fixtureFiles();
    files.set('glossary.yaml', files.get('glossary.yaml')!.replace('ref: "1.2"', 'ref: "1.9"').replace('id: pre-training', 'id: BAD'));
    files.set('quizzes/01-pretraining.yaml', files.get('quizzes/01-pretraining.yaml')!.replace('answer: false', 'answer: 3'));
    expect(compile(files).problems.length).toBeGreaterThanOrEqual(3);
  });
  it('gives every problem a Chinese text as well', () => {
    const files = fixtureFiles();
    files.delete('zh/01-pretraining.md');
    const problems = [
      ...cases.flatMap(([, path, change]) => mutate(path, change).problems),
      ...compile(files).problems,
      ...compile(new Map()).problems,
    ];
    expect(problems.length).toBeGreaterThanOrEqual(cases.length);
    for (const p of problems) {
      expect(p.zh, p.message).toBeTruthy();
      expect(p.zh, p.message).not.toBe(p.message);
      expect(formatProblem(p, 'zh')).toContain(p.zh);
    }
    const fineTuning = mutate('glossary.yaml', (t) => t.replace('ref: "1.2"', 'ref: "1.9"'));
    expect(fineTuning.problems.map((p) => formatProblem(p, 'zh')).join('\n')).toContain('glossary.yaml:26: 概念 `fine-tuning` 指向的小节 1.9 不存在');
  });
  it('strips terminal control sequences from content', () => {
    const r = mutate('en/01-pretraining.md', (t) => t.replace('This fixture', '\x1b]0;pwned\x07\x1b[2JThis fixture'));
    expect(r.model.chapters[0]!.sections[0]!.body.en).not.toContain('\x1b');
  });
});
