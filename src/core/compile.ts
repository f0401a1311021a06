// The notes compiler: source files in, one typed model and every problem out. Pure: the caller
// reads the files (src/io/notes-source.ts) and decides what to do with the problems.
import type { Node as YamlNode } from 'yaml';
import {
  LANGS, QUESTION_TYPES, type Bilingual, type Chapter, type Concept, type Lang, type NotesModel,
  type Problem, type Question, type QuestionType, type Section, findSection, sectionWithChildren,
} from './model.js';
import { decodeNote, splitNote } from './markdown-source.js';
import { asString, asStringList, isMap, mapGet, mapKeys, parseYaml, scalarValue, seqItems, type ParsedYaml } from './yaml-util.js';

export interface SourceFile {
  /** Path relative to the notes folder, with `/` separators. */
  path: string;
  bytes: Uint8Array;
}

export interface CompileResult {
  model: NotesModel;
  problems: Problem[];
}

const CHAPTER_FILE = /^(en|zh)\/(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface ChapterSource {
  lang: Lang;
  number: number;
  slug: string;
  file: string;
  text: string;
}

export function isBookLayout(paths: string[]): boolean {
  return paths.some((p) => CHAPTER_FILE.test(p));
}

export function compileBook(files: SourceFile[]): CompileResult {
  const problems: Problem[] = [];
  const chapterSources: ChapterSource[] = [];
  const glossaryFiles: { file: string; text: string }[] = [];
  const quizFiles: { file: string; text: string }[] = [];

  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const isChapter = CHAPTER_FILE.exec(f.path);
    const isGlossary = f.path === 'glossary.yaml' || /^glossary\/[^/]+\.ya?ml$/.test(f.path);
    const isQuiz = /^quizzes\/[^/]+\.ya?ml$/.test(f.path);
    if (!isChapter && !isGlossary && !isQuiz) continue;
    const text = decodeNote(f.bytes);
    if (text === null) {
      problems.push({ file: f.path, line: 0, message: 'not valid UTF-8 text: save the file as UTF-8', zh: '不是有效的 UTF-8 文本：请将文件另存为 UTF-8 编码' });
      continue;
    }
    if (isChapter) chapterSources.push({ lang: isChapter[1] as Lang, number: Number(isChapter[2]), slug: isChapter[3]!, file: f.path, text });
    else if (isGlossary) glossaryFiles.push({ file: f.path, text });
    else quizFiles.push({ file: f.path, text });
  }

  if (chapterSources.length === 0) {
    problems.push({ file: '.', line: 0, message: 'no chapter files found: expected en/NN-slug.md and zh/NN-slug.md', zh: '未找到章节文件：应有 en/NN-slug.md 和 zh/NN-slug.md', hint: 'en/01-pretraining.md' });
  }

  const chapters = compileChapters(chapterSources, problems);
  const model: NotesModel = { languages: [...LANGS], chapters, concepts: [], questions: [] };
  model.concepts = compileGlossary(glossaryFiles, model, problems);
  model.questions = compileQuizzes(quizFiles, model, problems);
  return { model, problems };
}

// ---------------------------------------------------------------- chapters

interface ParsedChapter {
  source: ChapterSource;
  title: string;
  summary: string;
  intro: string;
  sections: { depth: 1 | 2; title: string; body: string; line: number }[];
}

function parseChapter(src: ChapterSource, problems: Problem[]): ParsedChapter | null {
  const split = splitNote(src.file, src.text, problems);
  if (split.frontmatter === null) {
    problems.push({ file: src.file, line: 1, message: 'missing frontmatter with chapter, title and summary', zh: '缺少包含 chapter、title 和 summary 的头部元数据（frontmatter）', hint: '---\\nchapter: 1\\ntitle: Pre-training\\nsummary: What this chapter covers.\\n---' });
    return null;
  }
  const yaml = parseYaml(src.file, split.frontmatter, split.frontmatterLine - 1);
  problems.push(...yaml.problems);
  if (!yaml.root) return null;
  if (!isMap(yaml.root)) {
    problems.push({ file: src.file, line: 2, message: 'frontmatter must be a YAML mapping', zh: '头部元数据（frontmatter）必须是 YAML 映射', hint: 'chapter: 1' });
    return null;
  }
  const chapterNo = scalarValue(mapGet(yaml.root, 'chapter'));
  if (chapterNo !== src.number) {
    problems.push({ file: src.file, line: yaml.lineOf(mapGet(yaml.root, 'chapter') ?? yaml.root), message: `frontmatter \`chapter\` must be ${src.number}, the number in the file name`, zh: `头部元数据（frontmatter）中的 \`chapter\` 必须是 ${src.number}，即文件名中的编号`, hint: `chapter: ${src.number}` });
  }
  const title = asString(mapGet(yaml.root, 'title'));
  const summary = asString(mapGet(yaml.root, 'summary'));
  if (!title) problems.push({ file: src.file, line: yaml.lineOf(yaml.root), message: 'frontmatter needs a `title`', zh: '头部元数据（frontmatter）缺少 `title`', hint: 'title: Pre-training' });
  if (!summary) problems.push({ file: src.file, line: yaml.lineOf(yaml.root), message: 'frontmatter needs a one-paragraph `summary`', zh: '头部元数据（frontmatter）缺少 `summary`（一段话的摘要）', hint: 'summary: What the chapter covers and why.' });

  let intro = '';
  const sections: ParsedChapter['sections'] = [];
  let seenChapterHeading = false;
  for (const block of split.blocks) {
    const h = block.heading;
    if (!h) intro = block.body;
    else if (h.depth === 1) {
      if (seenChapterHeading || sections.length) problems.push({ file: src.file, line: h.line, message: 'only one `#` heading (the chapter title) is allowed; use `##` for sections', zh: '只允许一个 `#` 标题（即章标题）；小节请用 `##`' });
      seenChapterHeading = true;
      intro = [intro, block.body].filter(Boolean).join('\n\n');
    } else if (h.depth === 3 && !sections.some((s) => s.depth === 1)) {
      problems.push({ file: src.file, line: h.line, message: '`###` subsection before any `##` section', zh: '`###` 子小节出现在所有 `##` 小节之前', hint: '## Section\\n\\n### Subsection' });
    } else sections.push({ depth: h.depth === 2 ? 1 : 2, title: h.title, body: block.body, line: h.line });
    if (h && !h.title) problems.push({ file: src.file, line: h.line, message: 'empty heading', zh: '标题为空' });
  }
  return { source: src, title: title ?? src.slug, summary: summary ?? '', intro, sections };
}

function compileChapters(sources: ChapterSource[], problems: Problem[]): Chapter[] {
  const byNumber = new Map<number, Partial<Record<Lang, ParsedChapter>>>();
  for (const src of sources) {
    const entry = byNumber.get(src.number) ?? {};
    if (entry[src.lang]) {
      problems.push({ file: src.file, line: 1, message: `duplicate chapter ${src.number}: ${entry[src.lang]!.source.file} has the same number`, zh: `第 ${src.number} 章重复：${entry[src.lang]!.source.file} 的编号与此相同` });
      continue;
    }
    const parsed = parseChapter(src, problems);
    if (parsed) entry[src.lang] = parsed;
    byNumber.set(src.number, entry);
  }
  const chapters: Chapter[] = [];
  for (const number of [...byNumber.keys()].sort((a, b) => a - b)) {
    const entry = byNumber.get(number)!;
    const en = entry.en;
    const zh = entry.zh;
    if (!en || !zh) {
      const have = (en ?? zh)!;
      if (!have) continue;
      const missing = en ? 'zh' : 'en';
      problems.push({ file: have.source.file, line: 1, message: `chapter ${number} has no ${missing} counterpart: add ${missing}/${have.source.file.split('/')[1]}`, zh: `第 ${number} 章缺少 ${missing} 版本：请添加 ${missing}/${have.source.file.split('/')[1]}` });
      continue;
    }
    if (en.source.slug !== zh.source.slug) {
      problems.push({ file: zh.source.file, line: 1, message: `file name must match its counterpart ${en.source.file} (same slug)`, zh: `文件名必须与对应文件 ${en.source.file} 一致（slug 相同）` });
    }
    if (!sameTree(en, zh, problems)) continue;
    chapters.push(buildChapter(number, en, zh));
  }
  return chapters;
}

function sameTree(en: ParsedChapter, zh: ParsedChapter, problems: Problem[]): boolean {
  const shape = (c: ParsedChapter) => c.sections.map((s) => s.depth);
  const a = shape(en);
  const b = shape(zh);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      const ref = refsFor(en.source.number, a.slice(0, i + 1)).at(-1) ?? refsFor(zh.source.number, b.slice(0, i + 1)).at(-1);
      const zs = zh.sections[i];
      const es = en.sections[i];
      const where = zs ?? es!;
      const file = zs ? zh.source.file : en.source.file;
      problems.push({
        file,
        line: where.line,
        message: `section tree differs from ${zs ? en.source.file : zh.source.file} at ${ref ?? 'the end'}: the en and zh files must have the same \`##\`/\`###\` headings in the same order (${a.length} vs ${b.length} headings)`,
        zh: `小节结构与 ${zs ? en.source.file : zh.source.file} 不一致（${ref ? `在 ${ref} 处` : '在末尾'}）：en 和 zh 文件必须以相同顺序包含相同的 \`##\`/\`###\` 标题（${a.length} 个标题对 ${b.length} 个）`,
      });
      return false;
    }
  }
  return true;
}

function refsFor(chapter: number, depths: (1 | 2)[]): string[] {
  const refs: string[] = [];
  let sec = 0;
  let sub = 0;
  for (const d of depths) {
    if (d === 1) { sec++; sub = 0; refs.push(`${chapter}.${sec}`); }
    else { sub++; refs.push(`${chapter}.${sec}.${sub}`); }
  }
  return refs;
}

function buildChapter(number: number, en: ParsedChapter, zh: ParsedChapter): Chapter {
  const refs = refsFor(number, en.sections.map((s) => s.depth));
  const sections: Section[] = [
    {
      ref: String(number), chapter: number, depth: 0,
      title: { en: en.title, zh: zh.title }, body: { en: en.intro, zh: zh.intro },
      source: { en: { file: en.source.file, line: 1 }, zh: { file: zh.source.file, line: 1 } },
    },
  ];
  en.sections.forEach((s, i) => {
    const z = zh.sections[i]!;
    sections.push({
      ref: refs[i]!, chapter: number, depth: s.depth,
      title: { en: s.title, zh: z.title }, body: { en: s.body, zh: z.body },
      source: { en: { file: en.source.file, line: s.line }, zh: { file: zh.source.file, line: z.line } },
    });
  });
  return { number, slug: en.source.slug, title: { en: en.title, zh: zh.title }, summary: { en: en.summary, zh: zh.summary }, sections };
}

// ---------------------------------------------------------------- glossary

const GLOSSARY_EXAMPLE = '- id: masked-language-modeling\\n  en: masked language modeling\\n  zh: 掩码语言建模\\n  aliases: [MLM]\\n  definition: {en: ..., zh: ...}\\n  ref: "1.2.2"\\n  related: [bert]';

function bilingual(yaml: ParsedYaml, node: YamlNode | null, field: string, file: string, problems: Problem[], ownerLine: number, mono = false): Bilingual | null {
  if (mono) {
    // A user's own notes may be in one language: a plain string, or only one of en/zh.
    const text = asString(node) ?? asString(mapGet(node, 'text')) ?? asString(mapGet(node, 'en')) ?? asString(mapGet(node, 'zh'));
    const en = asString(mapGet(node, 'en')) ?? text;
    const zh = asString(mapGet(node, 'zh')) ?? text;
    if (en && zh) return { en, zh };
  }
  const en = asString(mapGet(node, 'en'));
  const zh = asString(mapGet(node, 'zh'));
  if (!en || !zh) {
    problems.push({ file, line: node ? yaml.lineOf(node) : ownerLine, message: `\`${field}\` needs both \`en\` and \`zh\` text`, zh: `\`${field}\` 需要同时提供 \`en\` 和 \`zh\` 文本`, hint: `${field}: {en: "...", zh: "..."}` });
    return null;
  }
  return { en, zh };
}

/** Lower-cased text of a section and its subsections in both languages, for "does it mention X". */
function sectionText(model: NotesModel, ref: string): string {
  return sectionWithChildren(model, ref).map((s) => `${s.title.en}\n${s.title.zh}\n${s.body.en}\n${s.body.zh}`).join('\n').toLowerCase();
}

function compileGlossary(files: { file: string; text: string }[], model: NotesModel, problems: Problem[]): Concept[] {
  const concepts: Concept[] = [];
  const seen = new Map<string, string>();
  const relatedChecks: { concept: Concept; line: number; file: string }[] = [];
  for (const { file, text } of files) {
    const yaml = parseYaml(file, text);
    problems.push(...yaml.problems);
    if (!yaml.root) continue;
    const items = seqItems(yaml.root);
    if (items.length === 0) {
      problems.push({ file, line: 1, message: 'the glossary must be a YAML list of concepts', zh: '术语表必须是由概念组成的 YAML 列表', hint: GLOSSARY_EXAMPLE });
      continue;
    }
    for (const item of items) {
      const line = yaml.lineOf(item);
      if (!isMap(item)) {
        problems.push({ file, line, message: 'each glossary entry must be a mapping', zh: '术语表中的每个条目都必须是映射', hint: GLOSSARY_EXAMPLE });
        continue;
      }
      const unknown = mapKeys(item).filter((k) => !['id', 'en', 'zh', 'aliases', 'definition', 'ref', 'related'].includes(k));
      for (const k of unknown) problems.push({ file, line, message: `unknown field \`${k}\` in glossary entry`, zh: `术语表条目中有未知字段 \`${k}\`` });
      const id = asString(mapGet(item, 'id'));
      if (!id || !ID_PATTERN.test(id)) {
        problems.push({ file, line, message: `glossary entry needs an \`id\` of lowercase letters, digits and '-' (got ${JSON.stringify(id ?? null)})`, zh: `术语表条目需要由小写字母、数字和 '-' 组成的 \`id\`（实际为 ${JSON.stringify(id ?? null)}）`, hint: 'id: masked-language-modeling' });
        continue;
      }
      if (seen.has(id)) {
        problems.push({ file, line, message: `duplicate concept id \`${id}\` (first defined at ${seen.get(id)})`, zh: `概念 id \`${id}\` 重复（首次定义于 ${seen.get(id)}）` });
        continue;
      }
      seen.set(id, `${file}:${line}`);
      const en = asString(mapGet(item, 'en'));
      const zh = asString(mapGet(item, 'zh'));
      if (!en || !zh) problems.push({ file, line, message: `concept \`${id}\` needs both \`en\` and \`zh\` names`, zh: `概念 \`${id}\` 需要同时提供 \`en\` 和 \`zh\` 名称`, hint: 'en: alignment\\n  zh: 对齐' });
      const aliasesNode = mapGet(item, 'aliases');
      const aliases = aliasesNode ? asStringList(aliasesNode) : [];
      if (aliases === undefined) problems.push({ file, line: yaml.lineOf(aliasesNode), message: `\`aliases\` of \`${id}\` must be a list of strings`, zh: `\`${id}\` 的 \`aliases\` 必须是字符串列表`, hint: 'aliases: [RLHF, 人类反馈强化学习]' });
      const definition = bilingual(yaml, mapGet(item, 'definition'), 'definition', file, problems, line);
      const ref = asString(mapGet(item, 'ref'));
      const related = asStringList(mapGet(item, 'related')) ?? [];
      if (!ref) problems.push({ file, line, message: `concept \`${id}\` needs a \`ref\`: the section that explains it`, zh: `概念 \`${id}\` 需要 \`ref\`：即讲解它的小节`, hint: 'ref: "4.3"' });
      else if (!findSection(model, ref)) problems.push({ file, line: yaml.lineOf(mapGet(item, 'ref')), message: `concept \`${id}\` points to section ${ref}, which does not exist`, zh: `概念 \`${id}\` 指向的小节 ${ref} 不存在` });
      if (!en || !zh || !definition || !ref) continue;
      const concept: Concept = { id, en, zh, aliases: aliases ?? [], definition, ref, related, source: { file, line } };
      if (findSection(model, ref)) {
        const haystack = sectionText(model, ref);
        const names = [en, zh, ...concept.aliases].map((n) => n.toLowerCase());
        if (!names.some((n) => haystack.includes(n))) {
          problems.push({ file, line: yaml.lineOf(mapGet(item, 'ref')), message: `section ${ref} does not mention \`${id}\` by any of its names (${[en, zh, ...concept.aliases].join(', ')}): point \`ref\` to the section that explains it, or add the name there`, zh: `小节 ${ref} 没有提到 \`${id}\` 的任何名称（${[en, zh, ...concept.aliases].join(', ')}）：请把 \`ref\` 指向讲解它的小节，或在该小节中写出这个名称` });
        }
      }
      concepts.push(concept);
      relatedChecks.push({ concept, line: yaml.lineOf(mapGet(item, 'related') ?? item), file });
    }
  }
  const ids = new Set(concepts.map((c) => c.id));
  for (const { concept, line, file } of relatedChecks) {
    for (const r of concept.related) {
      if (r === concept.id) problems.push({ file, line, message: `concept \`${concept.id}\` lists itself as related`, zh: `概念 \`${concept.id}\` 把自己列为了相关概念` });
      else if (!ids.has(r) && !seen.has(r)) problems.push({ file, line, message: `concept \`${concept.id}\`: related concept \`${r}\` does not exist`, zh: `概念 \`${concept.id}\`：相关概念 \`${r}\` 不存在` });
    }
  }
  return concepts;
}

// ---------------------------------------------------------------- quizzes

const QUESTION_EXAMPLE = '- id: pretraining-mlm-rate\\n  ref: "1.3.2"\\n  concepts: [bert]\\n  type: single\\n  difficulty: 2\\n  question: {en: ..., zh: ...}\\n  choices:\\n    - {en: "15%", zh: "15%", correct: true}\\n  explanation: {en: ..., zh: ...}';
const BLANK = '____';

export function compileQuizzes(files: { file: string; text: string }[], model: NotesModel, problems: Problem[]): Question[] {
  const questions: Question[] = [];
  const seen = new Map<string, string>();
  const conceptIds = new Set(model.concepts.map((c) => c.id));
  for (const { file, text } of files) {
    const yaml = parseYaml(file, text);
    problems.push(...yaml.problems);
    if (!yaml.root) continue;
    const chapterNo = scalarValue(mapGet(yaml.root, 'chapter'));
    const list = mapGet(yaml.root, 'questions');
    if (!isMap(yaml.root) || typeof chapterNo !== 'number' || seqItems(list).length === 0) {
      problems.push({ file, line: 1, message: 'a quiz file needs `chapter: N` and a non-empty `questions:` list', zh: '测验文件需要 `chapter: N` 和非空的 `questions:` 列表', hint: `chapter: 1\\nquestions:\\n${QUESTION_EXAMPLE}` });
      continue;
    }
    if (!model.chapters.some((c) => c.number === chapterNo)) {
      problems.push({ file, line: yaml.lineOf(mapGet(yaml.root, 'chapter')), message: `chapter ${chapterNo} does not exist`, zh: `第 ${chapterNo} 章不存在` });
    }
    for (const item of seqItems(list)) {
      const q = compileQuestion(yaml, item, file, chapterNo, model, conceptIds, problems);
      if (!q) continue;
      if (seen.has(q.id)) {
        problems.push({ file, line: q.source.line, message: `duplicate question id \`${q.id}\` (first at ${seen.get(q.id)})`, zh: `题目 id \`${q.id}\` 重复（首次出现于 ${seen.get(q.id)}）` });
        continue;
      }
      seen.set(q.id, `${file}:${q.source.line}`);
      questions.push(q);
    }
  }
  return questions;
}

export interface QuestionOptions {
  /** Accept one-language text (a user's own notes). */
  mono?: boolean;
  /** The section a question belongs to when it names none (quiz blocks inside a note). */
  defaultRef?: string;
}

export function compileQuestion(
  yaml: ParsedYaml, item: YamlNode, file: string, chapter: number, model: NotesModel, conceptIds: Set<string>, problems: Problem[],
  options: QuestionOptions = {},
): Question | null {
  const mono = Boolean(options.mono);
  const line = yaml.lineOf(item);
  const bad = (message: string, zh: string, at: YamlNode | null = item, hint?: string) => {
    problems.push({ file, line: at ? yaml.lineOf(at) : line, message, zh, ...(hint ? { hint } : {}) });
  };
  if (!isMap(item)) { bad('each question must be a mapping', '每道题目都必须是映射', item, QUESTION_EXAMPLE); return null; }
  const known = ['id', 'ref', 'concepts', 'type', 'difficulty', 'question', 'choices', 'answer', 'answers', 'items', 'explanation'];
  for (const k of mapKeys(item)) if (!known.includes(k)) bad(`unknown field \`${k}\` in question`, `题目中有未知字段 \`${k}\``);
  const id = asString(mapGet(item, 'id'));
  if (!id || !ID_PATTERN.test(id)) { bad(`question needs an \`id\` of lowercase letters, digits and '-' (got ${JSON.stringify(id ?? null)})`, `题目需要由小写字母、数字和 '-' 组成的 \`id\`（实际为 ${JSON.stringify(id ?? null)}）`, item, 'id: pretraining-mlm-rate'); return null; }
  const type = asString(mapGet(item, 'type')) as QuestionType | undefined;
  if (!type || !QUESTION_TYPES.includes(type)) { bad(`question \`${id}\`: \`type\` must be one of ${QUESTION_TYPES.join(', ')}`, `题目 \`${id}\`：\`type\` 必须是 ${QUESTION_TYPES.join(', ')} 之一`, mapGet(item, 'type') ?? item, 'type: single'); return null; }
  const ref = asString(mapGet(item, 'ref')) ?? options.defaultRef;
  let ok = true;
  if (!ref || !findSection(model, ref)) { bad(`question \`${id}\`: \`ref\` ${ref ? `${ref} is not a section` : 'is missing'}`, `题目 \`${id}\`：${ref ? `\`ref\` ${ref} 不对应任何小节` : '缺少 `ref`'}`, mapGet(item, 'ref') ?? item, 'ref: "1.3.2"'); ok = false; }
  else if (Number(ref.split('.')[0]) !== chapter) { bad(`question \`${id}\`: ref ${ref} is not in chapter ${chapter}`, `题目 \`${id}\`：ref ${ref} 不在第 ${chapter} 章中`, mapGet(item, 'ref')); ok = false; }
  const concepts = asStringList(mapGet(item, 'concepts')) ?? [];
  for (const c of concepts) if (!conceptIds.has(c)) { bad(`question \`${id}\`: concept \`${c}\` is not in the glossary`, `题目 \`${id}\`：概念 \`${c}\` 不在术语表中`, mapGet(item, 'concepts')); ok = false; }
  const difficultyRaw = scalarValue(mapGet(item, 'difficulty')) ?? 2;
  if (difficultyRaw !== 1 && difficultyRaw !== 2 && difficultyRaw !== 3) { bad(`question \`${id}\`: \`difficulty\` must be 1, 2 or 3`, `题目 \`${id}\`：\`difficulty\` 必须是 1、2 或 3`, mapGet(item, 'difficulty')); ok = false; }
  const question = bilingual(yaml, mapGet(item, 'question'), 'question', file, problems, line, mono);
  const explanation = bilingual(yaml, mapGet(item, 'explanation'), 'explanation', file, problems, line, mono);
  if (!question || !explanation) ok = false;
  const q: Question = {
    id, chapter, ref: ref ?? '', concepts, type, difficulty: difficultyRaw as 1 | 2 | 3,
    question: question ?? { en: '', zh: '' }, explanation: explanation ?? { en: '', zh: '' }, source: { file, line },
  };
  switch (type) {
    case 'single':
    case 'multi': {
      const choicesNode = mapGet(item, 'choices');
      const choices = seqItems(choicesNode).map((c) => {
        const text = bilingual(yaml, c, 'choices', file, problems, line, mono);
        return text ? { text, correct: scalarValue(mapGet(c, 'correct')) === true } : null;
      });
      if (choices.some((c) => c === null)) { ok = false; break; }
      const valid = choices as { text: Bilingual; correct: boolean }[];
      const right = valid.filter((c) => c.correct).length;
      if (valid.length < 2 || valid.length > 8) { bad(`question \`${id}\`: give 2 to 8 \`choices\` (got ${valid.length})`, `题目 \`${id}\`：\`choices\` 应有 2 到 8 个（实际为 ${valid.length} 个）`, choicesNode ?? item, '- {en: "15%", zh: "15%", correct: true}'); ok = false; }
      else if (type === 'single' && right !== 1) { bad(`question \`${id}\`: a single-choice question needs exactly one choice with \`correct: true\` (got ${right})`, `题目 \`${id}\`：单选题必须恰好有一个选项标为 \`correct: true\`（实际为 ${right} 个）`, choicesNode); ok = false; }
      else if (type === 'multi' && right < 2) { bad(`question \`${id}\`: a multiple-select question needs at least two choices with \`correct: true\` (got ${right})`, `题目 \`${id}\`：多选题至少需要两个选项标为 \`correct: true\`（实际为 ${right} 个）`, choicesNode); ok = false; }
      const texts = new Set(valid.map((c) => c.text.en.toLowerCase()));
      if (texts.size !== valid.length) { bad(`question \`${id}\`: two choices have the same text`, `题目 \`${id}\`：有两个选项的文本相同`, choicesNode); ok = false; }
      q.choices = valid;
      break;
    }
    case 'truefalse': {
      const answer = scalarValue(mapGet(item, 'answer'));
      if (typeof answer !== 'boolean') { bad(`question \`${id}\`: a true/false question needs \`answer: true\` or \`answer: false\``, `题目 \`${id}\`：判断题需要 \`answer: true\` 或 \`answer: false\``, mapGet(item, 'answer') ?? item); ok = false; }
      else q.answer = answer;
      break;
    }
    case 'short':
    case 'cloze': {
      const node = mapGet(item, 'answers');
      const plain = mono ? asStringList(node) : undefined;
      const en = plain ?? asStringList(mapGet(node, 'en')) ?? (mono ? asStringList(mapGet(node, 'zh')) : undefined);
      const zh = plain ?? asStringList(mapGet(node, 'zh')) ?? (mono ? asStringList(mapGet(node, 'en')) : undefined);
      if (!en?.length || !zh?.length) { bad(`question \`${id}\`: \`answers\` needs non-empty \`en\` and \`zh\` lists`, `题目 \`${id}\`：\`answers\` 需要非空的 \`en\` 和 \`zh\` 列表`, node ?? item, 'answers: {en: [MLM, masked language modeling], zh: [掩码语言建模, MLM]}'); ok = false; }
      else q.answers = { en, zh };
      if (type === 'cloze' && question) {
        for (const lang of LANGS) {
          const blanks = question[lang].split(BLANK).length - 1;
          if (blanks !== 1) { bad(`question \`${id}\`: a cloze question needs exactly one blank \`${BLANK}\` in its ${lang} text (found ${blanks})`, `题目 \`${id}\`：填空题的 ${lang} 文本中必须恰好有一个空 \`${BLANK}\`（实际有 ${blanks} 个）`, mapGet(item, 'question')); ok = false; }
        }
      }
      break;
    }
    case 'order': {
      const node = mapGet(item, 'items');
      const items = seqItems(node).map((c) => bilingual(yaml, c, 'items', file, problems, line, mono));
      if (items.some((i) => i === null)) { ok = false; break; }
      if (items.length < 2 || items.length > 8) { bad(`question \`${id}\`: an ordering question needs 2 to 8 \`items\` in the right order`, `题目 \`${id}\`：排序题需要按正确顺序给出 2 到 8 个 \`items\``, node ?? item, 'items: [{en: first, zh: 第一}, {en: second, zh: 第二}]'); ok = false; }
      q.items = items as Bilingual[];
      break;
    }
  }
  return ok ? q : null;
}
