// Every message the UI prints, in both languages. Content (notes) carries its own languages.
import type { Lang } from './core/model.js';

export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = flag ?? env.FLLM_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^zh/i.test(pick) ? 'zh' : 'en';
}

const en = {
  chapter: (n: number) => `Chapter ${n}`,
  readMarker: 'read',
  sectionsRead: (read: number, total: number) => `${read}/${total} sections read`,
  position: (i: number, n: number, chapter: number) => `${i}/${n} in chapter ${chapter}`,
  nextHint: (ref: string, title: string) => `next: fllm next  → ${ref} ${title}`,
  prevHint: (ref: string, title: string) => `back: fllm prev  → ${ref} ${title}`,
  endOfNotes: 'This is the end of the notes. Try `fllm quiz` or `fllm review`.',
  startOfNotes: 'This is the first section.',
  inThisChapter: 'In this chapter',
  unknownRef: (ref: string) => `no section matches "${ref}"`,
  didYouMean: (list: string) => `did you mean: ${list}?`,
  tryToc: 'run `fllm toc` to see all sections',
  ambiguousRef: (ref: string) => `"${ref}" matches several sections; say which one:`,
  checkOk: (c: number, s: number, g: number, q: number) => `notes OK: ${c} chapters, ${s} sections, ${g} concepts, ${q} questions`,
  checkProblems: (n: number) => `${n} problem${n === 1 ? '' : 's'} found`,
  menuTitle: 'fllm: Foundations of Large Language Models',
  menuContinue: (ref: string, title: string) => `Continue reading (${ref} ${title})`,
  menuStart: 'Start reading (chapter 1)',
  menuChapter: 'Pick a chapter',
  menuToc: 'Table of contents',
  menuQuit: 'Quit',
  pickChapter: 'Which chapter?',
  overview: 'fllm: study Foundations of Large Language Models (Xiao & Zhu) in the terminal.',
  notesWarnings: (n: number) => `${n} problem${n === 1 ? '' : 's'} in the notes were skipped (run \`fllm check\` for details)`,
};

export type Messages = typeof en;

const zh: Messages = {
  chapter: (n) => `第 ${n} 章`,
  readMarker: '已读',
  sectionsRead: (read, total) => `已读 ${read}/${total} 节`,
  position: (i, n, chapter) => `第 ${chapter} 章 ${i}/${n}`,
  nextHint: (ref, title) => `下一节：fllm next  → ${ref} ${title}`,
  prevHint: (ref, title) => `上一节：fllm prev  → ${ref} ${title}`,
  endOfNotes: '笔记到此结束。试试 `fllm quiz` 或 `fllm review`。',
  startOfNotes: '这已经是第一节。',
  inThisChapter: '本章内容',
  unknownRef: (ref) => `没有与“${ref}”匹配的章节`,
  didYouMean: (list) => `你是不是要找：${list}？`,
  tryToc: '运行 `fllm toc` 查看全部章节',
  ambiguousRef: (ref) => `“${ref}”匹配到多个章节，请指明是哪一个：`,
  checkOk: (c, s, g, q) => `笔记无误：${c} 章，${s} 节，${g} 个概念，${q} 道题`,
  checkProblems: (n) => `发现 ${n} 个问题`,
  menuTitle: 'fllm：《大语言模型基础》终端学习工具',
  menuContinue: (ref, title) => `继续阅读（${ref} ${title}）`,
  menuStart: '开始阅读（第 1 章）',
  menuChapter: '选择章节',
  menuToc: '目录',
  menuQuit: '退出',
  pickChapter: '读哪一章？',
  overview: 'fllm：在终端里学习《大语言模型基础》（肖桐、朱靖波）。',
  notesWarnings: (n) => `笔记中有 ${n} 处问题已跳过（运行 \`fllm check\` 查看详情）`,
};

export function messages(lang: Lang): Messages {
  return lang === 'zh' ? zh : en;
}
