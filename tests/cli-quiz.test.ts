// End-to-end runs of quiz, review, stats, export and import through the built binary.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_BOOK, runFllm, tempDir } from './helpers.js';

const book = ['--notes', FIXTURE_BOOK];
const logLines = (home: string) => readFileSync(join(home, 'reviews.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('fllm quiz --plain', () => {
  it('asks numbered questions, gives feedback with the section to reread, and records every answer', () => {
    const home = tempDir();
    const r = runFllm([...book, 'quiz', '--type', 'truefalse', '--count', '1', '--seed', '1', '--plain'], { home, input: 'f\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1/1 · true or false · 1.2');
    expect(r.stdout).toContain("Prompting updates the model's weights.");
    expect(r.stdout).toContain('✓ correct');
    expect(r.stdout).toContain('read more: fllm read 1.2');
    expect(r.stdout).toContain('score: 1/1');
    const log = logLines(home);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ v: 1, card: 'q:fixture-ft-updates', rating: 3, correct: true, source: 'quiz', answer: 'false' });
  });
  it('marks a wrong answer, shows the right one and lists what to reread', () => {
    const home = tempDir();
    const r = runFllm([...book, 'quiz', '--type', 'short', '--count', '1', '--plain', '--lang', 'zh'], { home, input: '因果语言建模\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✗ 错误');
    expect(r.stdout).toContain('正确答案：掩码语言建模');
    expect(r.stdout).toContain('fllm read 1.1.1');
    expect(logLines(home)[0]).toMatchObject({ rating: 1, correct: false });
  });
  it('re-asks when an answer cannot be read, and takes a near miss as Hard', () => {
    const home = tempDir();
    const r = runFllm([...book, 'quiz', '--type', 'short', '--count', '1', '--plain'], { home, input: '\nmasked langauge modeling\n' });
    expect(r.stdout).toContain('near miss');
    expect(logLines(home)[0]).toMatchObject({ rating: 2, correct: true });
  });
  it('is reproducible with --seed', () => {
    const a = runFllm([...book, 'quiz', '--count', '4', '--seed', '11', '--plain'], { input: '' });
    const b = runFllm([...book, 'quiz', '--count', '4', '--seed', '11', '--plain'], { input: '' });
    expect(a.stdout.split('\n').slice(0, 6)).toEqual(b.stdout.split('\n').slice(0, 6));
  });
  it('ends early at end of input like Ctrl-C: keeps the answers, prints a summary, exits 130', () => {
    const home = tempDir();
    const r = runFllm([...book, 'quiz', '--count', '5', '--seed', '2', '--plain'], { home, input: 'a\n' });
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('quiz ended early; your 1 answers are saved.');
    expect(logLines(home)).toHaveLength(1);
  });
  it('prints a machine-readable result with --json, questions on stderr', () => {
    const home = tempDir();
    // Answers may be wrong or unreadable (then asked again): only the shape of the result matters.
    const r = runFllm([...book, 'quiz', '--count', '6', '--seed', '4', '--json'], { home, input: 'a\nt\nmasked\nb,a\nMLM\na\n'.repeat(3) });
    const result = JSON.parse(r.stdout);
    expect(result.seed).toBe(4);
    expect(result.score.total).toBe(6);
    expect(result.questions[0]).toEqual(expect.objectContaining({ id: expect.any(String), answer: expect.any(String), correct: expect.any(Boolean), expected: expect.any(String) }));
    expect(logLines(home)).toHaveLength(result.score.answered);
  });
  it('lists the bank with --list --json after the filters', () => {
    const r = runFllm([...book, 'quiz', '--list', '--json', '--concept', 'MLM']);
    const list = JSON.parse(r.stdout);
    expect(list.map((q: { id: string }) => q.id)).toEqual(['fixture-mlm-rate', 'fixture-mlm-name', 'fixture-cloze']);
    for (const q of list) expect(q.concepts).toContain('masked-language-modeling');
    expect(list[0]).toEqual(expect.objectContaining({ id: expect.any(String), type: expect.any(String), chapter: 1, ref: expect.any(String), question: expect.any(String) }));
  });
  it('validates its flags with exit 2', () => {
    for (const [args, message] of [
      [['--count', '-1'], "--count must be a whole number from 1 to 1000"],
      [['--count', '0'], '--count must be a whole number from 1 to 1000'],
      [['--chapter', '99'], '--chapter 99: no such chapter (chapters: 1)'],
      [['--topic', 'cooking'], '--topic cooking: unknown topic (topics: pretraining)'],
      [['--type', 'essay'], '--type essay: must be one of single, multi, truefalse, short, cloze, order'],
      [['--concept', 'fine-tunnig'], '--concept fine-tunnig: not in the glossary; did you mean fine-tuning'],
    ] as const) {
      const r = runFllm([...book, 'quiz', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('fllm review --plain', () => {
  it('says when nothing is due and what to read next', () => {
    const home = tempDir();
    const r = runFllm([...book, 'review', '--plain', '--new', '0'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing due');
    expect(r.stdout).toContain('read next: fllm read 1.1 Self-supervised pre-training');
  });
  it('reviews new concept cards with a self-rating, then schedules them', () => {
    const home = tempDir();
    const r = runFllm([...book, 'review', '--plain', '--limit', '2'], { home, input: '\n3\n\n1\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('预训练');
    expect(r.stdout).toContain('reviewed 2 cards, 1 to see again soon.');
    const log = logLines(home);
    expect(log.map((e) => [e.card, e.rating])).toEqual([['concept:pre-training', 3], ['concept:masked-language-modeling', 1]]);
    // The card rated Again is due again within minutes; Good is not due yet.
    const again = runFllm([...book, 'review', '--plain', '--new', '0'], { home });
    expect(again.stdout).toMatch(/nothing due; next review in \d+ min/);
  });
  it('alternates the prompt language of a concept card', () => {
    const home = tempDir();
    runFllm([...book, 'review', '--plain', '--limit', '1'], { home, input: '\n1\n' });
    const log = readFileSync(join(home, 'reviews.jsonl'), 'utf8');
    // Make the card due now by moving its review back a day.
    writeFileSync(join(home, 'reviews.jsonl'), log.replace(/"at":"[^"]+"/, '"at":"2020-01-01T00:00:00.000Z"'));
    const r = runFllm([...book, 'review', '--plain', '--limit', '1', '--new', '0'], { home, input: '\n3\n' });
    expect(r.stdout.split('\n')[1]).toBe('pre-training');
  });
});

describe('fllm stats, export and import', () => {
  it('reports figures as JSON and text', () => {
    const home = tempDir();
    runFllm([...book, 'quiz', '--type', 'truefalse', '--count', '1', '--plain'], { home, input: 'f\n' });
    runFllm([...book, 'read', '1.2'], { home });
    const stats = JSON.parse(runFllm([...book, 'stats', '--json'], { home }).stdout);
    expect(stats.reviews).toBe(1);
    expect(stats.streakDays).toBe(1);
    expect(stats.chapters[0]).toMatchObject({ sectionsRead: 1, sectionsTotal: 3, cardsSeen: 1, cardsTotal: 9, accuracy: 1 });
    const text = runFllm([...book, 'stats', '--lang', 'zh'], { home }).stdout;
    expect(text).toContain('各章进度');
    expect(text).toContain('已读 1/3 · 卡片 1/9 · 正确率 100%');
  });
  it('exports json, csv and anki, and a round trip through import adds nothing twice', () => {
    const home = tempDir();
    runFllm([...book, 'quiz', '--count', '3', '--seed', '5', '--plain'], { home, input: 'a\na\na\na\nx\nx\n' });
    const exported = join(tempDir(), 'export.json');
    expect(runFllm([...book, 'export', '-o', exported], { home }).code).toBe(0);
    const data = JSON.parse(readFileSync(exported, 'utf8'));
    expect(data.cards).toHaveLength(9);
    const reviews = logLines(home).length;
    expect(data.cards.reduce((n: number, c: { history: unknown[] }) => n + c.history.length, 0)).toBe(reviews);
    // Importing our own export changes nothing; into a fresh home it restores everything.
    expect(runFllm([...book, 'import', exported], { home }).stdout).toBe(`imported 0 reviews, skipped ${reviews} already present.\n`);
    const other = tempDir();
    expect(runFllm([...book, 'import', exported], { home: other }).stdout).toBe(`imported ${reviews} review${reviews === 1 ? '' : 's'}, skipped 0 already present.\n`);
    expect(runFllm([...book, 'import', join(home, 'reviews.jsonl')], { home: other }).stdout).toContain('imported 0 reviews');
    expect(runFllm([...book, 'stats', '--json'], { home: other }).stdout).toBe(runFllm([...book, 'stats', '--json'], { home }).stdout);
    const csv = runFllm([...book, 'export', '--format', 'csv'], { home }).stdout.split('\n');
    expect(csv[0]).toBe('id,kind,chapter,ref,front_en,front_zh,due,stability,difficulty,reps,lapses,reviews,correct');
    const anki = runFllm([...book, 'export', '--format', 'anki'], { home }).stdout.split('\n');
    expect(anki.slice(0, 3)).toEqual(['#separator:tab', '#html:true', '#tags column:3']);
    expect(anki[3]!.split('\t')).toHaveLength(3);
    expect(runFllm([...book, 'export', '--format', 'xml']).code).toBe(2);
  });
  it('warns about damaged log lines by number and still works', () => {
    const home = tempDir();
    runFllm([...book, 'quiz', '--type', 'truefalse', '--count', '1', '--plain'], { home, input: 'f\n' });
    writeFileSync(join(home, 'reviews.jsonl'), readFileSync(join(home, 'reviews.jsonl'), 'utf8') + 'garbage\n');
    const r = runFllm([...book, 'stats', '--json'], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped 1 unreadable line (line 2)');
    expect(JSON.parse(r.stdout).reviews).toBe(1);
  });
});
