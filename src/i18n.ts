// Every message the UI prints, in both languages. Content (notes) carries its own languages.
import type { Lang } from './core/model.js';

export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = flag ?? env.FLLM_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^zh/i.test(pick) ? 'zh' : 'en';
}

const en = {
  sectionsRead: (read: number, total: number) => `${read}/${total} sections read`,
  position: (i: number, n: number, chapter: number) => `${i}/${n} in chapter ${chapter}`,
  nextHint: (ref: string, title: string) => `next: fllm next  → ${ref} ${title}`,
  endOfNotes: 'This is the end of the notes. Try `fllm quiz` or `fllm review`.',
  startOfNotes: 'This is the first section.',
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
  // search and define
  searchEmpty: 'give something to search for, e.g. `fllm search rlhf` or `fllm search 对齐`',
  searchResults: (n: number, q: string) => `${n} result${n === 1 ? '' : 's'} for "${q}"`,
  searchNoResults: (q: string) => `no results for "${q}"`,
  searchNearest: (list: string) => `nearest terms: ${list}`,
  searchTryList: 'run `fllm define --list` to see every term',
  searchTermLabel: 'term',
  searchOpenHint: 'read one: fllm read REF · a term\'s card: fllm define TERM',
  searchPick: 'Open which section?',
  searchCancel: '(cancel)',
  searchOpenNeedsTty: '--open needs a terminal; printing the results instead',
  noSuchChapter: (n: number, list: string) => `there is no chapter ${n} (chapters: ${list})`,
  defineNeedTerm: 'give a term, e.g. `fllm define rlhf`, or `--list` for all of them',
  defineTermOrList: 'give either a TERM or --list, not both',
  defineUnknown: (term: string) => `no glossary term matches "${term}"`,
  defineAliases: 'also called',
  defineExplainedIn: 'explained in',
  defineMentionedIn: 'also in',
  defineRelated: 'related',
  defineQuizLabel: 'quiz',
  defineQuestions: (n: number, id: string) => (n ? `${n} quiz question${n === 1 ? '' : 's'} (fllm quiz --concept ${id})` : 'no quiz questions yet'),
  defineCount: (n: number) => `${n} terms`,
  defineAlsoNames: (q: string, ids: string) => `"${q}" also names: ${ids} (see fllm define ID)`,
};

export type Messages = typeof en;

const zh: Messages = {
  sectionsRead: (read, total) => `已读 ${read}/${total} 节`,
  position: (i, n, chapter) => `第 ${chapter} 章 ${i}/${n}`,
  nextHint: (ref, title) => `下一节：fllm next  → ${ref} ${title}`,
  endOfNotes: '笔记到此结束。试试 `fllm quiz` 或 `fllm review`。',
  startOfNotes: '这已经是第一节。',
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
  searchEmpty: '请给出要搜索的内容，例如 `fllm search rlhf` 或 `fllm search 对齐`',
  searchResults: (n, q) => `“${q}”的搜索结果：${n} 条`,
  searchNoResults: (q) => `没有找到与“${q}”相关的内容`,
  searchNearest: (list) => `最接近的术语：${list}`,
  searchTryList: '运行 `fllm define --list` 查看全部术语',
  searchTermLabel: '术语',
  searchOpenHint: '阅读：fllm read 编号 · 术语卡片：fllm define 术语',
  searchPick: '打开哪一节？',
  searchCancel: '（取消）',
  searchOpenNeedsTty: '--open 需要在终端中使用；下面直接列出结果',
  noSuchChapter: (n, list) => `没有第 ${n} 章（现有章节：${list}）`,
  defineNeedTerm: '请给出一个术语，例如 `fllm define rlhf`，或用 `--list` 列出全部术语',
  defineTermOrList: '术语和 --list 只能二选一',
  defineUnknown: (term) => `术语表中没有“${term}”`,
  defineAliases: '又称',
  defineExplainedIn: '讲解位置',
  defineMentionedIn: '另见',
  defineRelated: '相关术语',
  defineQuizLabel: '测验',
  defineQuestions: (n, id) => (n ? `${n} 道测验题（fllm quiz --concept ${id}）` : '暂无测验题'),
  defineCount: (n) => `共 ${n} 个术语`,
  defineAlsoNames: (q, ids) => `“${q}”也是这些术语的名称：${ids}（用 fllm define ID 查看）`,
};

export function messages(lang: Lang): Messages {
  return lang === 'zh' ? zh : en;
}
