// Grading answers: choices by position, typed answers by forgiving text matching.
import { editDistance } from './distance.js';
import type { Lang, NotesModel, Question } from './model.js';
import type { PreparedQuestion } from './quiz.js';

export type Answer =
  | { kind: 'choices'; positions: number[] }
  | { kind: 'bool'; value: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'order'; positions: number[] };

export interface GradeResult {
  correct: boolean;
  /** Accepted, but only as a near miss (a small typo): scheduled as Hard rather than Good. */
  near: boolean;
  /** The right answer, for display, in the given language. */
  expected: string;
}

/** Case, width (全角/半角), punctuation and spacing do not matter. */
export function normalizeAnswer(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
}

function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 8) return 1;
  return 2;
}

/** Accepted answers in both languages, plus every name of a glossary concept they name. */
export function acceptedAnswers(question: Question, model: NotesModel | undefined): string[] {
  const base = [...(question.answers?.en ?? []), ...(question.answers?.zh ?? [])];
  const accepted = new Set(base.map(normalizeAnswer));
  for (const id of question.concepts) {
    const concept = model?.concepts.find((c) => c.id === id);
    if (!concept) continue;
    const names = [concept.en, concept.zh, ...concept.aliases];
    if (names.some((n) => accepted.has(normalizeAnswer(n)))) for (const n of names) accepted.add(normalizeAnswer(n));
  }
  accepted.delete('');
  return [...accepted];
}

export function matchText(given: string, accepted: string[]): { correct: boolean; near: boolean } {
  const g = normalizeAnswer(given);
  if (!g) return { correct: false, near: false };
  if (accepted.includes(g)) return { correct: true, near: false };
  for (const a of accepted) {
    const allowance = typoAllowance(Math.min([...a].length, [...g].length));
    if (allowance > 0 && editDistance(g, a, allowance) <= allowance) return { correct: true, near: true };
  }
  return { correct: false, near: false };
}

function sameSet(a: number[], b: number[]): boolean {
  const x = [...new Set(a)].sort((m, n) => m - n);
  const y = [...new Set(b)].sort((m, n) => m - n);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function expectedAnswer(p: PreparedQuestion, lang: Lang): string {
  const q = p.question;
  switch (q.type) {
    case 'single':
    case 'multi':
      return p.order
        .map((index, pos) => ({ index, pos }))
        .filter(({ index }) => q.choices![index]!.correct)
        .map(({ index, pos }) => `${LETTERS[pos]}) ${q.choices![index]!.text[lang]}`)
        .join('; ');
    case 'truefalse':
      return q.answer ? (lang === 'zh' ? '对' : 'true') : lang === 'zh' ? '错' : 'false';
    case 'short':
    case 'cloze':
      return q.answers![lang][0] ?? q.answers!.en[0]!;
    case 'order': {
      const letterOf = (index: number) => LETTERS[p.order.indexOf(index)];
      return q.items!.map((item, i) => `${letterOf(i)}) ${item[lang]}`).join(' → ');
    }
  }
}

export function gradeAnswer(p: PreparedQuestion, answer: Answer, lang: Lang, model?: NotesModel): GradeResult {
  const q = p.question;
  const expected = expectedAnswer(p, lang);
  const result = (correct: boolean, near = false): GradeResult => ({ correct, near, expected });
  switch (q.type) {
    case 'single':
    case 'multi': {
      if (answer.kind !== 'choices') return result(false);
      const chosen = answer.positions.map((pos) => p.order[pos]).filter((i): i is number => i !== undefined);
      const right = q.choices!.map((c, i) => (c.correct ? i : -1)).filter((i) => i >= 0);
      return result(sameSet(chosen, right) && chosen.length > 0);
    }
    case 'truefalse':
      return result(answer.kind === 'bool' && answer.value === q.answer);
    case 'short':
    case 'cloze': {
      if (answer.kind !== 'text') return result(false);
      const m = matchText(answer.text, acceptedAnswers(q, model));
      return result(m.correct, m.near);
    }
    case 'order': {
      if (answer.kind !== 'order') return result(false);
      const sequence = answer.positions.map((pos) => p.order[pos]);
      return result(sequence.length === q.items!.length && sequence.every((v, i) => v === i));
    }
  }
}

/** Parse a typed answer in plain mode: letters (a, b / "a,c" / "ac"), true/false, or text. */
export function parsePlainAnswer(p: PreparedQuestion, input: string): Answer | null {
  const raw = input.normalize('NFKC').trim();
  const q = p.question;
  const positions = (): number[] | null => {
    const tokens = /[,\s]/.test(raw) ? raw.split(/[\s,]+/).filter(Boolean) : [...raw];
    if (tokens.length === 0) return null;
    const out: number[] = [];
    for (const t of tokens) {
      const lower = t.toLowerCase();
      let pos = -1;
      if (/^[a-z]$/.test(lower)) pos = LETTERS.indexOf(lower);
      else if (/^\d+$/.test(lower)) pos = Number(lower) - 1;
      if (pos < 0 || pos >= p.order.length) return null;
      out.push(pos);
    }
    return out;
  };
  switch (q.type) {
    case 'single': {
      const pos = positions();
      return pos && pos.length === 1 ? { kind: 'choices', positions: pos } : null;
    }
    case 'multi': {
      const pos = positions();
      return pos ? { kind: 'choices', positions: pos } : null;
    }
    case 'truefalse': {
      const v = raw.toLowerCase();
      if (['t', 'true', 'y', 'yes', '对', '是', '正确', '√', 'a'].includes(v)) return { kind: 'bool', value: true };
      if (['f', 'false', 'n', 'no', '错', '否', '错误', '×', 'b'].includes(v)) return { kind: 'bool', value: false };
      return null;
    }
    case 'short':
    case 'cloze':
      return raw ? { kind: 'text', text: raw } : null;
    case 'order': {
      const pos = positions();
      return pos && pos.length === p.order.length && new Set(pos).size === pos.length ? { kind: 'order', positions: pos } : null;
    }
  }
}
