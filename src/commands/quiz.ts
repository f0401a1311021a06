import { randomInt } from 'node:crypto';
import { editDistance } from '../core/distance.js';
import { QUESTION_TYPES, type NotesModel, type Question, type QuestionType } from '../core/model.js';
import { createRng } from '../core/random.js';
import { matchesFilter, prepareQuestion, questionPool, selectQuestions, type QuizFilter } from '../core/quiz.js';
import { InterruptedError, UsageError, isInterrupted } from '../errors.js';
import { ensureWritable } from '../io/review-log.js';
import { outputGone, stdoutIsTerminal, writeErr, writeOut } from '../ui/output.js';
import { formatDuration, inlineText, type ViewOptions } from '../ui/quiz-view.js';
import { painter } from '../ui/paint.js';
import { createContext, type Context, type GlobalOptions } from './context.js';
import { askAndRecord, createInteractiveAsker, createPlainAsker, standardError, standardOutput, type AskedResult, type Asker } from './session.js';

export interface QuizOptions extends GlobalOptions {
  chapter?: number;
  topic?: string;
  concept?: string;
  type?: string;
  count?: number;
  seed?: number;
  plain?: boolean;
  json?: boolean;
  list?: boolean;
}

/** Turn --chapter/--topic/--concept/--type into a filter, refusing what does not exist. */
export function quizFilter(model: NotesModel, opts: QuizOptions): QuizFilter {
  const filter: QuizFilter = {};
  const chapters = model.chapters.map((c) => c.number);
  if (opts.chapter !== undefined) {
    if (!chapters.includes(opts.chapter)) throw new UsageError({ en: `--chapter ${opts.chapter}: no such chapter (chapters: ${chapters.join(', ')})`, zh: `--chapter ${opts.chapter}：没有这一章（现有章节：${chapters.join(', ')}）` });
    filter.chapter = opts.chapter;
  }
  if (opts.topic !== undefined) {
    const chapter = model.chapters.find((c) => c.slug === opts.topic!.toLowerCase());
    const topics = model.chapters.map((c) => c.slug).join(', ');
    if (!chapter) throw new UsageError({ en: `--topic ${opts.topic}: unknown topic (topics: ${topics})`, zh: `--topic ${opts.topic}：没有这个主题（可选：${topics}）` });
    if (filter.chapter !== undefined && filter.chapter !== chapter.number) {
      throw new UsageError({ en: `--topic ${opts.topic} is chapter ${chapter.number}, but --chapter says ${filter.chapter}`, zh: `--topic ${opts.topic} 是第 ${chapter.number} 章，但 --chapter 指定的是第 ${filter.chapter} 章` });
    }
    filter.chapter = chapter.number;
  }
  if (opts.concept !== undefined) {
    const wanted = opts.concept.toLowerCase();
    const concept = model.concepts.find((c) => [c.id, c.en, c.zh, ...c.aliases].some((n) => n.toLowerCase() === wanted));
    if (!concept) {
      const near = model.concepts.map((c) => ({ id: c.id, d: editDistance(c.id, wanted) })).sort((a, b) => a.d - b.d).slice(0, 3).map((x) => x.id);
      throw new UsageError({ en: `--concept ${opts.concept}: not in the glossary; did you mean ${near.join(', ')}? (fllm define --list shows all)`, zh: `--concept ${opts.concept}：术语表里没有这个概念；你是不是要找 ${near.join('、')}？（fllm define --list 列出全部）` });
    }
    filter.concept = concept.id;
  }
  if (opts.type !== undefined) {
    if (!QUESTION_TYPES.includes(opts.type as QuestionType)) throw new UsageError({ en: `--type ${opts.type}: must be one of ${QUESTION_TYPES.join(', ')}`, zh: `--type ${opts.type}：只能是 ${QUESTION_TYPES.join('、')} 之一` });
    filter.type = opts.type as QuestionType;
  }
  return filter;
}

function listQuestions(ctx: Context, questions: Question[], json: boolean): void {
  if (json) {
    writeOut(JSON.stringify(questions.map((q) => ({ id: q.id, type: q.type, chapter: q.chapter, ref: q.ref, concepts: q.concepts, difficulty: q.difficulty, question: q.question[ctx.lang] })), null, 2));
    return;
  }
  const c = painter(ctx.color);
  for (const q of questions) writeOut(`${c.bold(q.id)}  ${c.gray(`${q.type} · ${q.ref} · ${q.concepts.join(', ')}`)}\n  ${inlineText(q.question[ctx.lang], { color: ctx.color, rawMath: ctx.rawMath })}`);
  writeOut(c.gray(ctx.lang === 'zh' ? `共 ${questions.length} 道手写题；测验中还会出现由术语表生成的题目` : `${questions.length} hand-written questions; quizzes also ask questions generated from the glossary`));
}

export function summaryText(results: AskedResult[], total: number, elapsedMs: number, seed: number, complete: boolean, view: ViewOptions): string {
  const c = painter(view.color);
  const zh = view.lang === 'zh';
  const right = results.filter((r) => r.grade.correct).length;
  const lines = [
    c.bold(zh ? `得分：${right}/${results.length}` : `score: ${right}/${results.length}`) + c.gray(zh ? `（共 ${total} 题，用时 ${formatDuration(elapsedMs, 'zh')}）` : ` (of ${total}, ${formatDuration(elapsedMs, 'en')})`),
  ];
  if (!complete) lines.push(c.yellow(zh ? `测验提前结束；已答的 ${results.length} 题都已保存。` : `quiz ended early; your ${results.length} answers are saved.`));
  const missed = results.filter((r) => !r.grade.correct);
  if (missed.length) {
    lines.push(zh ? '需要复习：' : 'to reread:');
    const seen = new Set<string>();
    for (const r of missed) {
      const key = r.prepared.question.ref;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`  fllm read ${key}  ${c.gray(r.prepared.question.concepts.join(', '))}`.trimEnd());
    }
  }
  lines.push(c.gray(zh ? `随机种子 ${seed}：用 --seed ${seed} 可重做同一套题` : `seed ${seed}: rerun the same quiz with --seed ${seed}`));
  return lines.join('\n');
}

export async function runQuiz(opts: QuizOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { model } = ctx.notes;
  const filter = quizFilter(model, opts);
  if (opts.list) {
    // The hand-written bank; questions generated from the glossary are derived, not listed.
    listQuestions(ctx, model.questions.filter((q) => matchesFilter(q, filter)), Boolean(opts.json));
    return;
  }
  const seed = opts.seed ?? randomInt(1, 2 ** 31 - 1);
  const rng = createRng(seed);
  const pool = questionPool(model, filter, rng);
  const count = opts.count ?? 10;
  const questions = selectQuestions(pool, count, rng).map((q) => prepareQuestion(q, rng));
  if (questions.length === 0) throw new UsageError(ctx.lang === 'zh' ? '没有符合条件的题目；放宽 --chapter/--concept/--type 试试' : 'no questions match these filters; try fewer of --chapter/--concept/--type');
  ensureWritable(ctx.dataDir);

  const view: ViewOptions = { lang: ctx.lang, color: ctx.color, width: ctx.width, rawMath: ctx.rawMath };
  const plain = Boolean(opts.plain || opts.json) || !process.stdin.isTTY || !stdoutIsTerminal();
  // With --json, stdout carries only the result; the questions go to stderr.
  const talk = opts.json ? standardError : standardOutput;
  const asker: Asker = plain ? createPlainAsker({ ...view, color: view.color && !opts.json }, talk) : await createInteractiveAsker(view);
  const results: AskedResult[] = [];
  const started = Date.now();
  let complete = true;
  try {
    for (const [i, p] of questions.entries()) {
      results.push(await askAndRecord(asker, p, i + 1, questions.length, { view, model, dataDir: ctx.dataDir, source: 'quiz', now: () => new Date() }));
    }
  } catch (e) {
    if (!isInterrupted(e)) throw e;
    complete = false;
  } finally {
    asker.close();
  }
  const summary = summaryText(results, questions.length, Date.now() - started, seed, complete, { ...view, color: view.color && !opts.json });
  if (opts.json) {
    writeErr(summary);
    writeOut(JSON.stringify({
      seed, complete,
      score: { correct: results.filter((r) => r.grade.correct).length, answered: results.length, total: questions.length },
      questions: results.map((r) => ({ id: r.prepared.question.id, card: r.prepared.card, type: r.prepared.question.type, ref: r.prepared.question.ref, answer: r.answerText, correct: r.grade.correct, near: r.grade.near, expected: r.grade.expected })),
    }, null, 2));
  } else asker.say(summary);
  // Ended by a reader that has gone (`| head`): what was answered is saved, and that is all.
  if (!complete && !outputGone()) throw new InterruptedError('interrupted');
}
