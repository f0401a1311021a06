// How questions, feedback and summaries look in the terminal. Text in, text out.
import { painter } from './paint.js';
import { replaceMathSpans, latexToUnicode } from '../core/math.js';
import type { Lang } from '../core/model.js';
import { LETTERS, type GradeResult } from '../core/grade.js';
import type { PreparedQuestion } from '../core/quiz.js';
import { wrapLine } from '../core/text.js';

export interface ViewOptions {
  lang: Lang;
  color: boolean;
  width: number;
  rawMath: boolean;
}

/** Inline Markdown-ish text from the notes: math to Unicode, **bold** and `code` styled. */
export function inlineText(text: string, opts: Pick<ViewOptions, 'color' | 'rawMath'>): string {
  const c = painter(opts.color);
  const withMath = opts.rawMath ? text : replaceMathSpans(text, (latex) => c.cyan(latexToUnicode(latex)));
  return withMath.replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => c.bold(t)).replace(/`([^`]+)`/g, (_m, t: string) => c.yellow(t));
}

export function wrap(text: string, width: number, indent = 0): string {
  return text.split('\n').flatMap((l) => wrapLine(l, width, indent)).join('\n');
}

const TYPE_LABEL: Record<Lang, Record<string, string>> = {
  en: { single: 'choose one', multi: 'choose all that apply', truefalse: 'true or false', short: 'type the answer', cloze: 'fill in the blank', order: 'put in order' },
  zh: { single: '单选', multi: '多选（选出所有正确项）', truefalse: '判断对错', short: '简答', cloze: '填空', order: '排序' },
};

export function questionHeader(p: PreparedQuestion, index: number, total: number, opts: ViewOptions): string {
  const c = painter(opts.color);
  const label = TYPE_LABEL[opts.lang][p.question.type] ?? p.question.type;
  return c.gray(`${index}/${total} · ${label} · ${p.question.ref}`);
}

export function questionText(p: PreparedQuestion, opts: ViewOptions): string {
  return inlineText(p.question.question[opts.lang], opts);
}

/** The choices or items as they are presented (shuffled), each with its letter. */
export function presentedOptions(p: PreparedQuestion, opts: ViewOptions): string[] {
  const q = p.question;
  const list = q.type === 'order' ? q.items! : q.choices?.map((c) => c.text) ?? [];
  return p.order.map((index) => inlineText(list[index]![opts.lang], opts));
}

export function plainQuestion(p: PreparedQuestion, index: number, total: number, opts: ViewOptions): string {
  const lines = [questionHeader(p, index, total, opts), wrap(questionText(p, opts), opts.width)];
  const options = presentedOptions(p, opts);
  options.forEach((o, i) => lines.push(wrap(`  ${LETTERS[i]}) ${o}`, opts.width, 5)));
  const hint: Record<Lang, Record<string, string>> = {
    en: { single: 'answer with a letter', multi: 'answer with letters, e.g. a,c', truefalse: 'answer t or f', short: 'type your answer', cloze: 'type the missing word', order: 'give the letters in order, e.g. c,a,b' },
    zh: { single: '输入一个字母', multi: '输入多个字母，如 a,c', truefalse: '输入 t（对）或 f（错）', short: '输入答案', cloze: '输入空缺的词', order: '按顺序输入字母，如 c,a,b' },
  };
  lines.push(painter(opts.color).gray(`> ${hint[opts.lang][p.question.type]}`));
  return lines.join('\n');
}

export function feedback(p: PreparedQuestion, grade: GradeResult, opts: ViewOptions): string {
  const c = painter(opts.color);
  const zh = opts.lang === 'zh';
  const verdict = grade.correct
    ? c.green(grade.near ? (zh ? '✓ 基本正确（有小笔误）' : '✓ correct (near miss: check the spelling)') : zh ? '✓ 正确' : '✓ correct')
    : c.red(zh ? '✗ 错误' : '✗ wrong');
  const lines = [verdict];
  if (!grade.correct || grade.near || p.question.type === 'multi') lines.push(`${zh ? '正确答案：' : 'answer: '}${inlineText(grade.expected, opts)}`);
  lines.push(wrap(inlineText(p.question.explanation[opts.lang], opts), opts.width));
  lines.push(c.gray(`${zh ? '延伸阅读：' : 'read more: '}fllm read ${p.question.ref}`));
  return lines.join('\n');
}

export function formatDuration(ms: number, lang: Lang): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (lang === 'zh') return m ? `${m} 分 ${rest} 秒` : `${rest} 秒`;
  return m ? `${m} min ${rest} s` : `${rest} s`;
}
