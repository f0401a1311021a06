// Prompt-level tests: the one prompt module is mocked, the interactive asker is real.
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBook } from '../src/core/compile.js';
import { createRng } from '../src/core/random.js';
import { prepareQuestion } from '../src/core/quiz.js';
import { gradeAnswer } from '../src/core/grade.js';
import { InterruptedError } from '../src/errors.js';
import { FIXTURE_BOOK } from './helpers.js';

const scripted: unknown[] = [];
const seen: { kind: string; message: string; choices?: { name: string; value: unknown }[] }[] = [];
vi.mock('../src/ui/prompts.js', () => ({
  usePromptLanguage: vi.fn(),
  chooseOne: vi.fn(async (message: string, choices: { name: string; value: unknown }[]) => { seen.push({ kind: 'one', message, choices }); return next(); }),
  chooseMany: vi.fn(async (message: string, choices: { name: string; value: unknown }[]) => { seen.push({ kind: 'many', message, choices }); return next(); }),
  askText: vi.fn(async (message: string) => { seen.push({ kind: 'text', message }); return next(); }),
}));
function next(): unknown {
  const v = scripted.shift();
  if (v instanceof Error) throw v;
  return v;
}

const { createInteractiveAsker } = await import('../src/commands/session.js');
const files = ['en/01-pretraining.md', 'zh/01-pretraining.md', 'glossary.yaml', 'quizzes/01-pretraining.yaml'].map((path) => ({ path, bytes: readFileSync(join(FIXTURE_BOOK, path)) }));
const { model } = compileBook(files);
const prep = (id: string, order: number[]) => ({ ...prepareQuestion(model.questions.find((q) => q.id === id)!, createRng(1)), order });
const view = { lang: 'en' as const, color: false, width: 80, rawMath: false };

beforeEach(() => { scripted.length = 0; seen.length = 0; });

describe('interactive asker', () => {
  it('single choice: a select list of the shuffled choices', async () => {
    const asker = await createInteractiveAsker(view);
    const p = prep('fixture-mlm-rate', [1, 0, 2]);
    scripted.push(1);
    const answer = await asker.ask(p, 1, 3);
    expect(seen[0]!.kind).toBe('one');
    expect(seen[0]!.choices!.map((c) => c.name)).toEqual(['50%', '15%', '90%']);
    expect(seen[0]!.message).toContain('What share of tokens does MLM hide?');
    expect(gradeAnswer(p, answer, 'en').correct).toBe(true);
  });
  it('multiple select: checkboxes', async () => {
    const asker = await createInteractiveAsker(view);
    const p = prep('fixture-multi', [2, 0, 1]);
    scripted.push([1, 2]);
    const answer = await asker.ask(p, 1, 1);
    expect(seen[0]!.kind).toBe('many');
    expect(gradeAnswer(p, answer, 'en').correct).toBe(true);
  });
  it('true/false in Chinese', async () => {
    const asker = await createInteractiveAsker({ ...view, lang: 'zh' });
    scripted.push(false);
    const answer = await asker.ask(prep('fixture-ft-updates', []), 1, 1);
    expect(seen[0]!.choices!.map((c) => c.name)).toEqual(['对', '错']);
    expect(answer).toEqual({ kind: 'bool', value: false });
  });
  it('short answer and cloze: typed input', async () => {
    const asker = await createInteractiveAsker(view);
    scripted.push('MLM');
    const answer = await asker.ask(prep('fixture-mlm-name', []), 1, 1);
    expect(seen[0]!.kind).toBe('text');
    expect(answer).toEqual({ kind: 'text', text: 'MLM' });
  });
  it('ordering: picks items one at a time, the last is implied', async () => {
    const asker = await createInteractiveAsker(view);
    const p = prep('fixture-order', [1, 0]);
    scripted.push(1);
    const answer = await asker.ask(p, 1, 1);
    expect(seen).toHaveLength(1);
    expect(answer).toEqual({ kind: 'order', positions: [1, 0] });
    expect(gradeAnswer(p, answer, 'en').correct).toBe(true);
  });
  it('a rating prompt offers Again/Hard/Good/Easy', async () => {
    const asker = await createInteractiveAsker(view);
    scripted.push(4);
    expect(await asker.rate('how well?')).toBe(4);
    expect(seen[0]!.choices!.map((c) => c.value)).toEqual([1, 2, 3, 4]);
  });
  it('Ctrl-C in a prompt surfaces as InterruptedError', async () => {
    const asker = await createInteractiveAsker(view);
    scripted.push(new InterruptedError('interrupted'));
    await expect(asker.ask(prep('fixture-mlm-rate', [0, 1, 2]), 1, 1)).rejects.toBeInstanceOf(InterruptedError);
  });
});
