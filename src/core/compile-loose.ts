// Compiling any folder of Markdown notes (an Obsidian vault, course notes, a docs folder):
// every file is a chapter in natural order, headings become sections, frontmatter is optional.
// Extras: ```quiz blocks add questions, a glossary file adds concepts, and lines written
// `Term:: definition` define concepts in the text. Problems are warnings; the rest loads.
import type { Node as YamlNode } from 'yaml';
import { compileQuestion } from './compile.js';
import type { SourceFile } from './compile.js';
import { decodeNote, splitNote } from './markdown-source.js';
import type { Bilingual, Chapter, Concept, NotesModel, Problem, Question, Section } from './model.js';
import { asString, asStringList, isMap, mapGet, parseYaml, seqItems } from './yaml-util.js';

export interface LooseFile {
  path: string;
  /** Compiled once per file; a cache can keep it while the file is unchanged. */
  part: FilePart;
}

/** What one Markdown file contributes, independent of its chapter number. */
export interface FilePart {
  title: string;
  summary: string;
  intro: string;
  sections: { depth: 1 | 2; title: string; body: string; line: number }[];
  /** Quiz blocks: YAML text, the line it starts on, and the section index (-1: intro) it sits in. */
  quizBlocks: { yaml: string; line: number; section: number }[];
  /** `Term:: definition` lines. */
  definitions: { term: string; definition: string; line: number; section: number }[];
  problems: Problem[];
}

const NATURAL = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function naturalCompare(a: string, b: string): number {
  return NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function isGlossaryPath(path: string): boolean {
  return /^(glossary\.ya?ml|glossary\/[^/]+\.ya?ml)$/i.test(path);
}

function fileTitle(path: string): string {
  return (path.split('/').at(-1) ?? path).replace(/\.(md|markdown)$/i, '').replace(/^\d+[-_ .]+(?=\D)/, '');
}

export function slugify(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'note';
}

const QUIZ_FENCE = /^ {0,3}(`{3,}|~{3,})\s*quiz\s*$/;
const DEFINITION = /^([^\s:#>*\-|`][^:\n]{0,59}?)::[ \t]+(\S.*)$/;

/** Take ```quiz blocks and `Term:: definition` lines out of a body, remembering where they were. */
function extractExtras(body: string, firstLine: number, section: number, part: FilePart): string {
  const lines = body.split('\n');
  const kept: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const quiz = fence === null ? QUIZ_FENCE.exec(line) : null;
    if (quiz) {
      const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(quiz[1]!) && l.trim() === l.trim()[0]!.repeat(l.trim().length));
      const end = close === -1 ? lines.length : close;
      part.quizBlocks.push({ yaml: lines.slice(i + 1, end).join('\n'), line: firstLine + i + 1, section });
      if (close === -1) part.problems.push({ file: '', line: firstLine + i, message: 'quiz block is not closed: end it with ```', zh: '测验块没有闭合：请用 ``` 结束它' });
      i = end;
      continue;
    }
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1]! : line.trim().startsWith(fence) ? null : fence;
    const def = fence === null ? DEFINITION.exec(line) : null;
    if (def) {
      part.definitions.push({ term: def[1]!.trim(), definition: def[2]!.trim(), line: firstLine + i, section });
      kept.push(`**${def[1]!.trim()}**: ${def[2]!.trim()}`);
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** Compile one Markdown file into its part. Pure and cacheable per file. */
export function compileFilePart(path: string, text: string): FilePart {
  const problems: Problem[] = [];
  const split = splitNote(path, text, problems, 6);
  let title = '';
  let summary = '';
  if (split.frontmatter !== null) {
    const yaml = parseYaml(path, split.frontmatter, split.frontmatterLine - 1);
    problems.push(...yaml.problems);
    if (yaml.root && isMap(yaml.root)) {
      title = asString(mapGet(yaml.root, 'title')) ?? '';
      summary = asString(mapGet(yaml.root, 'summary')) ?? asString(mapGet(yaml.root, 'description')) ?? '';
    }
  }
  const blocks = [...split.blocks];
  const lead = blocks[0]?.heading ? undefined : blocks.shift();
  let intro = lead?.body ?? '';
  let introLine = lead?.bodyLine ?? 1;
  // The first `#` heading is the title when it comes first.
  if (blocks[0]?.heading?.depth === 1 && !intro) {
    const h = blocks.shift()!;
    title ||= h.heading!.title;
    intro = h.body;
    introLine = h.bodyLine;
  }
  // The shallowest remaining level gives sections, the next one subsections; deeper headings
  // stay inside the body of the section above them.
  const minDepth = Math.min(...blocks.map((b) => b.heading!.depth), 9);
  const merged: typeof blocks = [];
  for (const b of blocks) {
    const prev = merged.at(-1);
    if (b.heading!.depth > minDepth + 1 && prev) prev.body = [prev.body, `${'#'.repeat(b.heading!.depth)} ${b.heading!.title}`, b.body].filter(Boolean).join('\n\n');
    else merged.push({ ...b });
  }
  const part: FilePart = { title: title || fileTitle(path), summary, intro: '', sections: [], quizBlocks: [], definitions: [], problems };
  part.intro = extractExtras(intro, introLine, -1, part);
  for (const b of merged) {
    const h = b.heading!;
    const depth: 1 | 2 = h.depth === minDepth || part.sections.length === 0 ? 1 : 2;
    part.sections.push({ depth, title: h.title || '…', body: '', line: h.line });
    part.sections.at(-1)!.body = extractExtras(b.body, b.bodyLine, part.sections.length - 1, part);
  }
  for (const p of problems) if (!p.file) p.file = path;
  return part;
}

export function readLooseFile(file: SourceFile): { part: FilePart | null; problem?: Problem } {
  if (file.bytes.includes(0)) return { part: null, problem: { file: file.path, line: 0, message: 'binary file, not Markdown text; skipped', zh: '这是二进制文件，不是 Markdown 文本，已跳过' } };
  const text = decodeNote(file.bytes);
  if (text === null) return { part: null, problem: { file: file.path, line: 0, message: 'not valid UTF-8 text; skipped (save it as UTF-8)', zh: '不是有效的 UTF-8 文本，已跳过（请将其另存为 UTF-8 编码）' } };
  return { part: compileFilePart(file.path, text) };
}

function refsOf(chapter: number, part: FilePart): string[] {
  const refs: string[] = [];
  let sec = 0;
  let sub = 0;
  for (const s of part.sections) {
    if (s.depth === 1) { sec++; sub = 0; refs.push(`${chapter}.${sec}`); }
    else { sub++; refs.push(`${chapter}.${sec}.${sub}`); }
  }
  return refs;
}

const same = (text: string): Bilingual => ({ en: text, zh: text });

/** A link target percent-decoded; as written when it is not valid percent-encoding (`100%.md`). */
function decodeTarget(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Rewrite links to other notes in the folder as `fllm read REF` pointers. */
function resolveLinks(body: string, fromPath: string, chapterOfPath: Map<string, Chapter>): string {
  return body.replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, label: string, target: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole; // a URL
    const [pathPart, anchor] = target.split('#');
    const baseDir = fromPath.split('/').slice(0, -1);
    const parts = [...baseDir];
    for (const seg of decodeTarget(pathPart ?? '').split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') { if (parts.length === 0) return label; parts.pop(); }
      else parts.push(seg);
    }
    const resolved = pathPart ? parts.join('/') : fromPath;
    const chapter = chapterOfPath.get(resolved) ?? chapterOfPath.get(resolved + '.md');
    if (!chapter) return whole;
    let ref = String(chapter.number);
    if (anchor) {
      const hit = chapter.sections.find((s) => slugify(s.title.en) === slugify(decodeTarget(anchor)));
      if (hit) ref = hit.ref;
    }
    return `${label} (→ fllm read ${ref})`;
  });
}

export function assembleLoose(files: LooseFile[], glossaryFiles: { path: string; text: string }[], problems: Problem[]): NotesModel {
  const sorted = [...files].sort((a, b) => naturalCompare(a.path, b.path));
  const chapters: Chapter[] = [];
  const chapterOfPath = new Map<string, Chapter>();
  const usedSlugs = new Set<string>();
  sorted.forEach((f, i) => {
    const number = i + 1;
    const refs = refsOf(number, f.part);
    let slug = slugify(f.path.replace(/\.(md|markdown)$/i, ''));
    while (usedSlugs.has(slug)) slug += '-' + number;
    usedSlugs.add(slug);
    // Bodies are read when first needed: a large folder's text stays on disk (see
    // src/io/folder-notes.ts) until a command shows or searches it. Links can point forward, so
    // they are resolved then, when every chapter has its number. The getter is part of each
    // object from the start: adding one later makes V8 keep the object as a slow dictionary.
    const section = (k: number, fields: Omit<Section, 'body'>): Section => {
      let body: Bilingual | undefined;
      return {
        ...fields,
        get body() {
          if (!body) {
            const raw = k === 0 ? f.part.intro : f.part.sections[k - 1]!.body;
            body = same(raw.includes('](') ? resolveLinks(raw, f.path, chapterOfPath) : raw);
          }
          return body;
        },
      };
    };
    const sections: Section[] = [
      section(0, { ref: String(number), chapter: number, depth: 0, title: same(f.part.title), source: { en: { file: f.path, line: 1 }, zh: { file: f.path, line: 1 } } }),
      ...f.part.sections.map((s, k) => section(k + 1, { ref: refs[k]!, chapter: number, depth: s.depth, title: same(s.title), source: { en: { file: f.path, line: s.line }, zh: { file: f.path, line: s.line } } })),
    ];
    const chapter: Chapter = { number, slug, title: same(f.part.title), summary: same(f.part.summary), sections };
    chapters.push(chapter);
    chapterOfPath.set(f.path, chapter);
    problems.push(...f.part.problems);
  });
  const model: NotesModel = { languages: ['en'], chapters, concepts: [], questions: [] };
  model.concepts = looseConcepts(sorted, chapters, glossaryFiles, problems);
  model.questions = looseQuestions(sorted, chapters, model, problems);
  return model;
}

function sectionRef(chapter: Chapter, index: number): string {
  return index < 0 ? chapter.sections[0]!.ref : chapter.sections[index + 1]!.ref;
}

function looseConcepts(files: LooseFile[], chapters: Chapter[], glossaryFiles: { path: string; text: string }[], problems: Problem[]): Concept[] {
  const concepts: Concept[] = [];
  const ids = new Set<string>();
  const add = (c: Concept) => {
    if (ids.has(c.id)) {
      problems.push({ file: c.source.file, line: c.source.line, message: `concept "${c.en}" is defined twice; the first definition is kept`, zh: `概念“${c.en}”被定义了两次，保留第一个定义` });
      return;
    }
    ids.add(c.id);
    concepts.push(c);
  };
  files.forEach((f, i) => {
    for (const d of f.part.definitions) {
      add({ id: slugify(d.term), en: d.term, zh: d.term, aliases: [], definition: same(d.definition), ref: sectionRef(chapters[i]!, d.section), related: [], source: { file: f.path, line: d.line } });
    }
  });
  const allText = (ref: string) => chapters.flatMap((c) => c.sections).filter((s) => s.ref === ref || s.ref.startsWith(ref + '.'));
  for (const g of glossaryFiles) {
    const yaml = parseYaml(g.path, g.text);
    problems.push(...yaml.problems);
    if (!yaml.root) continue;
    for (const item of seqItems(yaml.root)) {
      const line = yaml.lineOf(item);
      const term = asString(mapGet(item, 'term')) ?? asString(mapGet(item, 'en')) ?? asString(mapGet(item, 'zh'));
      const defNode = mapGet(item, 'definition');
      const definition = asString(defNode) ?? asString(mapGet(defNode, 'en')) ?? asString(mapGet(defNode, 'zh'));
      if (!isMap(item) || !term || !definition) {
        problems.push({ file: g.path, line, message: 'a glossary entry needs a `term` (or `en`/`zh`) and a `definition`', zh: '术语表条目需要 `term`（或 `en`/`zh`）和 `definition`', hint: '- term: attention\\n  definition: Weighing the inputs by relevance.' });
        continue;
      }
      const aliases = asStringList(mapGet(item, 'aliases')) ?? [];
      const names = [term, asString(mapGet(item, 'zh')) ?? '', ...aliases].filter(Boolean).map((n) => n.toLowerCase());
      let ref = asString(mapGet(item, 'ref'));
      if (!ref) {
        // The first section that mentions the term.
        const hit = chapters.flatMap((c) => c.sections).find((s) => names.some((n) => `${s.title.en}\n${s.body.en}`.toLowerCase().includes(n)));
        ref = hit?.ref;
      } else if (allText(ref).length === 0) {
        problems.push({ file: g.path, line: yaml.lineOf(mapGet(item, 'ref')), message: `concept "${term}" points to section ${ref}, which does not exist (see \`fllm toc\`)`, zh: `概念“${term}”指向的小节 ${ref} 不存在（参见 \`fllm toc\`）` });
        continue;
      }
      if (!ref) {
        problems.push({ file: g.path, line, message: `no note mentions "${term}"; give it a \`ref\``, zh: `没有任何笔记提到“${term}”：请为它指定 \`ref\`` });
        continue;
      }
      const en = asString(mapGet(item, 'en')) ?? term;
      const zh = asString(mapGet(item, 'zh')) ?? term;
      const defEn = asString(mapGet(defNode, 'en')) ?? definition;
      const defZh = asString(mapGet(defNode, 'zh')) ?? definition;
      add({ id: asString(mapGet(item, 'id')) ?? slugify(term), en, zh, aliases, definition: { en: defEn, zh: defZh }, ref, related: asStringList(mapGet(item, 'related')) ?? [], source: { file: g.path, line } });
    }
  }
  const known = new Set(concepts.map((c) => c.id));
  for (const c of concepts) c.related = c.related.filter((r) => known.has(r));
  return concepts;
}

function looseQuestions(files: LooseFile[], chapters: Chapter[], model: NotesModel, problems: Problem[]): Question[] {
  const questions: Question[] = [];
  const conceptIds = new Set(model.concepts.map((c) => c.id));
  const seen = new Set<string>();
  files.forEach((f, i) => {
    const chapter = chapters[i]!;
    for (const block of f.part.quizBlocks) {
      const yaml = parseYaml(f.path, block.yaml, block.line - 1);
      problems.push(...yaml.problems);
      if (!yaml.root) continue;
      const items: YamlNode[] = seqItems(yaml.root).length ? seqItems(yaml.root) : seqItems(mapGet(yaml.root, 'questions'));
      if (items.length === 0) {
        problems.push({ file: f.path, line: block.line, message: 'a quiz block holds a YAML list of questions', zh: '测验块中应是由题目组成的 YAML 列表', hint: '- id: my-question\\n  type: truefalse\\n  question: Attention is quadratic in length.\\n  answer: true\\n  explanation: Every pair of positions interacts.' });
        continue;
      }
      for (const item of items) {
        const q = compileQuestion(yaml, item, f.path, chapter.number, model, conceptIds, problems, { mono: true, defaultRef: sectionRef(chapter, block.section) });
        if (!q) continue;
        if (seen.has(q.id)) {
          problems.push({ file: f.path, line: q.source.line, message: `duplicate question id \`${q.id}\`; skipped`, zh: `题目 id \`${q.id}\` 重复，已跳过` });
          continue;
        }
        seen.add(q.id);
        questions.push(q);
      }
    }
  });
  return questions;
}
