import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBook } from '../src/core/compile.js';
import { createRng } from '../src/core/random.js';
import { generateQuestions, prepareQuestion, questionPool, selectQuestions, cardOf } from '../src/core/quiz.js';
import { gradeAnswer, matchText, normalizeAnswer, parsePlainAnswer, acceptedAnswers } from '../src/core/grade.js';
import type { Question } from '../src/core/model.js';
import { FIXTURE_BOOK } from './helpers.js';

const files = ['en/01-pretraining.md', 'zh/01-pretraining.md', 'glossary.yaml', 'quizzes/01-pretraining.yaml'].map((path) => ({ path, bytes: readFileSync(join(FIXTURE_BOOK, path)) }));
const { model } = compileBook(files);
const q = (id: string) => model.questions.find((x) => x.id === id)!;

describe('selection and shuffling', () => {
  it('is reproducible with the same seed and differs with another', () => {
    const pick = (seed: number) => {
      const rng = createRng(seed);
      return selectQuestions(questionPool(model, {}, rng), 5, rng).map((x) => prepareQuestion(x, rng)).map((p) => `${p.question.id}:${p.order.join('')}`);
    };
    expect(pick(42)).toEqual(pick(42));
    expect(pick(42)).not.toEqual(pick(43));
  });
  it('respects filters', () => {
    const rng = createRng(1);
    const pool = questionPool(model, { type: 'truefalse' }, rng);
    expect(pool.bank.map((x) => x.id)).toEqual(['fixture-ft-updates']);
    expect(pool.generated).toEqual([]);
    expect(questionPool(model, { concept: 'fine-tuning' }, rng).bank.every((x) => x.concepts.includes('fine-tuning'))).toBe(true);
  });
  it('keeps generated questions to a third unless the bank runs out', () => {
    const rng = createRng(5);
    const picked = selectQuestions(questionPool(model, {}, rng), 6, rng);
    expect(picked.filter((x) => x.id.startsWith('gen:')).length).toBe(2);
  });
  it('never presents an ordering question already in order', () => {
    for (let seed = 0; seed < 50; seed++) expect(prepareQuestion(q('fixture-order'), createRng(seed)).order).not.toEqual([0, 1]);
  });
});

describe('generated questions', () => {
  const generated = generateQuestions(model, createRng(9));
  it('makes term→definition, definition→term and cross-language questions per concept', () => {
    expect(generated.map((x) => x.id)).toContain('gen:term-def:fine-tuning');
    expect(generated.map((x) => x.id)).toContain('gen:def-term:fine-tuning');
    expect(generated.map((x) => x.id)).toContain('gen:cross:fine-tuning');
  });
  it('uses the other language for the cross-language choices', () => {
    const cross = generated.find((x) => x.id === 'gen:cross:fine-tuning')!;
    expect(cross.choices!.find((c) => c.correct)!.text.en).toBe('在有标注的任务数据上更新预训练模型的参数。');
  });
  it('is a review of the concept card', () => {
    expect(cardOf(generated[0]!)).toMatch(/^concept:/);
    expect(cardOf(q('fixture-mlm-rate'))).toBe('q:fixture-mlm-rate');
  });
});

describe('grading', () => {
  const prep = (question: Question, order?: number[]) => ({ ...prepareQuestion(question, createRng(1)), ...(order ? { order } : {}) });
  it('single choice by presented position', () => {
    const p = prep(q('fixture-mlm-rate'), [2, 0, 1]);
    expect(gradeAnswer(p, { kind: 'choices', positions: [1] }, 'en').correct).toBe(true);
    expect(gradeAnswer(p, { kind: 'choices', positions: [0] }, 'en').correct).toBe(false);
    expect(gradeAnswer(p, { kind: 'choices', positions: [0] }, 'en').expected).toBe('b) 15%');
  });
  it('multiple select needs exactly the right set', () => {
    const p = prep(q('fixture-multi'), [0, 1, 2]);
    expect(gradeAnswer(p, { kind: 'choices', positions: [1, 0] }, 'en').correct).toBe(true);
    expect(gradeAnswer(p, { kind: 'choices', positions: [0] }, 'en').correct).toBe(false);
    expect(gradeAnswer(p, { kind: 'choices', positions: [0, 1, 2] }, 'en').correct).toBe(false);
  });
  it('true/false', () => {
    const p = prep(q('fixture-ft-updates'));
    expect(gradeAnswer(p, { kind: 'bool', value: false }, 'zh')).toEqual({ correct: true, near: false, expected: '错' });
  });
  it('ordering', () => {
    const p = prep(q('fixture-order'), [1, 0]);
    expect(gradeAnswer(p, { kind: 'order', positions: [1, 0] }, 'en').correct).toBe(true);
    expect(gradeAnswer(p, { kind: 'order', positions: [0, 1] }, 'en').correct).toBe(false);
  });
  it('short answers ignore case, width and punctuation, and take the abbreviation or the full name', () => {
    const p = prep(q('fixture-mlm-name'));
    for (const text of ['MLM', 'mlm', 'ＭＬＭ', 'Masked Language Modeling!', 'masked-language modeling', '掩码语言建模', '掩码语言模型']) {
      expect(gradeAnswer(p, { kind: 'text', text }, 'en', model), text).toMatchObject({ correct: true, near: false });
    }
  });
  it('accepts a small typo as a near miss, not a larger one', () => {
    const p = prep(q('fixture-mlm-name'));
    expect(gradeAnswer(p, { kind: 'text', text: 'masked langauge modeling' }, 'en', model)).toMatchObject({ correct: true, near: true });
    expect(gradeAnswer(p, { kind: 'text', text: 'causal language modeling' }, 'en', model).correct).toBe(false);
    expect(gradeAnswer(p, { kind: 'text', text: '' }, 'en', model).correct).toBe(false);
  });
  it('short answers of three characters or fewer must be exact', () => {
    expect(matchText('MLN', ['mlm'])).toEqual({ correct: false, near: false });
  });
  it('normalizes answers', () => {
    expect(normalizeAnswer(' Ｋ Ｖ-Cache。')).toBe('kvcache');
    expect(acceptedAnswers(q('fixture-cloze'), model)).toEqual(['masked', '掩码']);
  });
});

describe('plain answers', () => {
  const single = { ...prepareQuestion(q('fixture-mlm-rate'), createRng(1)), order: [0, 1, 2] };
  const multi = { ...prepareQuestion(q('fixture-multi'), createRng(1)), order: [0, 1, 2] };
  it('reads letters and numbers', () => {
    expect(parsePlainAnswer(single, 'B')).toEqual({ kind: 'choices', positions: [1] });
    expect(parsePlainAnswer(single, '2')).toEqual({ kind: 'choices', positions: [1] });
    expect(parsePlainAnswer(single, 'a,b')).toBeNull();
    expect(parsePlainAnswer(single, 'z')).toBeNull();
    expect(parsePlainAnswer(multi, 'a,c')).toEqual({ kind: 'choices', positions: [0, 2] });
    expect(parsePlainAnswer(multi, 'ac')).toEqual({ kind: 'choices', positions: [0, 2] });
  });
  it('reads true/false in both languages', () => {
    const tf = prepareQuestion(q('fixture-ft-updates'), createRng(1));
    expect(parsePlainAnswer(tf, 'yes')).toEqual({ kind: 'bool', value: true });
    expect(parsePlainAnswer(tf, '错')).toEqual({ kind: 'bool', value: false });
    expect(parsePlainAnswer(tf, 'maybe')).toBeNull();
  });
  it('reads an ordering as letters', () => {
    const order = prepareQuestion(q('fixture-order'), createRng(1));
    expect(parsePlainAnswer(order, 'b,a')).toEqual({ kind: 'order', positions: [1, 0] });
    expect(parsePlainAnswer(order, 'a,a')).toBeNull();
  });
});
