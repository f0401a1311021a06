// Asking questions, shared by `quiz` and `review`: interactive prompts in a terminal, numbered
// text and one answer per line otherwise. Each answer is saved as soon as it is given.
import type { Answer, GradeResult } from '../core/grade.js';
import { LETTERS, gradeAnswer, parsePlainAnswer } from '../core/grade.js';
import type { NotesModel } from '../core/model.js';
import type { PreparedQuestion } from '../core/quiz.js';
import { ratingForAnswer, type Rating, type ReviewEvent } from '../core/review-event.js';
import { InterruptedError } from '../errors.js';
import { sanitizeQuery } from '../core/sanitize.js';
import { appendEvents, newEventId } from '../io/review-log.js';
import { LineInput } from '../ui/line-input.js';
import { feedback, plainQuestion, presentedOptions, questionHeader, questionText, type ViewOptions } from '../ui/quiz-view.js';
import { outputGone, stdout, writeStdout } from '../ui/output.js';
import { painter } from '../ui/paint.js';

export interface Asker {
  ask(p: PreparedQuestion, index: number, total: number): Promise<Answer>;
  /** Ask for a self-rating (concept cards in review). */
  rate(message: string): Promise<Rating>;
  /** Wait until the learner wants to see the answer. */
  reveal(message: string): Promise<void>;
  say(text: string): void;
  close(): void;
}

const RATING_LABELS = {
  en: ['Again (forgot)', 'Hard', 'Good', 'Easy'],
  zh: ['重来（忘了）', '困难', '良好', '简单'],
};

/** Where a plain session writes: standard output, or standard error (quiz --json). */
export interface PlainOutput {
  write(text: string): void;
  /** True once nobody reads what is written: then no answer is taken for an unseen question. */
  gone(): boolean;
}

export const standardOutput: PlainOutput = { write: writeStdout, gone: outputGone };
export const standardError: PlainOutput = { write: (text) => void process.stderr.write(text), gone: () => false };

export function createPlainAsker(view: ViewOptions, out: PlainOutput): Asker {
  const input = new LineInput();
  const say = (text: string) => out.write(text.endsWith('\n') ? text : text + '\n');
  // Answers piped in with the output piped out (`yes 1 | fllm quiz --plain | head`): once the
  // reader has gone, the questions are not seen, so no more answers are taken.
  const seen = () => {
    if (out.gone()) throw new InterruptedError('output closed');
  };
  const zh = view.lang === 'zh';
  return {
    async ask(p, index, total) {
      say(plainQuestion(p, index, total, view));
      seen();
      for (;;) {
        const line = await input.next();
        if (line === null) throw new InterruptedError('end of input');
        const answer = parsePlainAnswer(p, line);
        if (answer) return answer;
        const shown = sanitizeQuery(line, 60);
        say(painter(view.color).yellow(zh ? `无法识别“${shown}”，请再答一次。` : `could not read "${shown}"; answer again.`));
      }
    },
    async rate(message) {
      say([message, ...RATING_LABELS[view.lang].map((label, i) => `  ${i + 1}) ${label}`)].join('\n'));
      seen();
      for (;;) {
        const line = await input.next();
        if (line === null) throw new InterruptedError('end of input');
        const v = line.trim().toLowerCase();
        const byName: Record<string, Rating> = { again: 1, a: 1, hard: 2, h: 2, good: 3, g: 3, easy: 4, e: 4, 重来: 1, 困难: 2, 良好: 3, 简单: 4 };
        const n = Number(v);
        if ([1, 2, 3, 4].includes(n)) return n as Rating;
        if (byName[v]) return byName[v]!;
        say(zh ? '请输入 1–4。' : 'answer 1, 2, 3 or 4.');
      }
    },
    async reveal(message) {
      say(message);
      seen();
      const line = await input.next();
      if (line === null) throw new InterruptedError('end of input');
    },
    say,
    close: () => input.close(),
  };
}

export async function createInteractiveAsker(view: ViewOptions): Promise<Asker> {
  const prompts = await import('../ui/prompts.js');
  prompts.usePromptLanguage(view.lang);
  const zh = view.lang === 'zh';
  const say = (text: string) => stdout().write(text.endsWith('\n') ? text : text + '\n');
  return {
    async ask(p, index, total) {
      const message = `${questionHeader(p, index, total, view)}\n${questionText(p, view)}`;
      const options = presentedOptions(p, view);
      switch (p.question.type) {
        case 'single':
          return { kind: 'choices', positions: [await prompts.chooseOne(message, options.map((name, value) => ({ name, value })))] };
        case 'multi':
          return { kind: 'choices', positions: await prompts.chooseMany(message, options.map((name, value) => ({ name, value }))) };
        case 'truefalse':
          return { kind: 'bool', value: await prompts.chooseOne(message, [{ name: zh ? '对' : 'true', value: true }, { name: zh ? '错' : 'false', value: false }]) };
        case 'short':
        case 'cloze':
          return { kind: 'text', text: await prompts.askText(message) };
        case 'order': {
          const picked: number[] = [];
          while (picked.length < options.length - 1) {
            const step = zh ? `第 ${picked.length + 1} 步是？` : `step ${picked.length + 1}?`;
            const remaining = options.map((name, value) => ({ name, value })).filter((o) => !picked.includes(o.value));
            picked.push(await prompts.chooseOne(picked.length === 0 ? `${message}\n${step}` : step, remaining));
          }
          picked.push(options.map((_, i) => i).find((i) => !picked.includes(i))!);
          return { kind: 'order', positions: picked };
        }
      }
    },
    async rate(message) {
      // The cursor starts on Good, as in Anki: the usual answer is one key press.
      return prompts.chooseOne<Rating>(message, RATING_LABELS[view.lang].map((name, i) => ({ name, value: (i + 1) as Rating })), { default: 3 });
    },
    async reveal(message) {
      await prompts.chooseOne(message, [{ name: zh ? '显示答案' : 'show the answer', value: true }]);
    },
    say,
    close: () => {},
  };
}

export interface AskedResult {
  prepared: PreparedQuestion;
  answer: Answer;
  answerText: string;
  grade: GradeResult;
  event: ReviewEvent;
}

export function describeAnswer(answer: Answer): string {
  switch (answer.kind) {
    case 'choices':
    case 'order':
      return answer.positions.map((pos) => LETTERS[pos]).join(',');
    case 'bool':
      return String(answer.value);
    case 'text':
      return answer.text;
  }
}

/** Ask one question, show feedback, save the review. */
export async function askAndRecord(
  asker: Asker, p: PreparedQuestion, index: number, total: number,
  ctx: { view: ViewOptions; model: NotesModel; dataDir: string; source: 'quiz' | 'review'; now: () => Date },
): Promise<AskedResult> {
  const started = ctx.now();
  const answer = await asker.ask(p, index, total);
  const grade = gradeAnswer(p, answer, ctx.view.lang, ctx.model);
  const answerText = describeAnswer(answer);
  const event: ReviewEvent = {
    id: newEventId(), card: p.card, at: ctx.now(), rating: ratingForAnswer(grade.correct, grade.near),
    correct: grade.correct, answer: answerText, source: ctx.source, ms: ctx.now().getTime() - started.getTime(),
  };
  appendEvents(ctx.dataDir, [event]);
  asker.say(feedback(p, grade, ctx.view) + '\n\n');
  return { prepared: p, answer, answerText, grade, event };
}
