// The compiled notes model: what every command reads. Produced by compile.ts from Markdown and
// YAML (at build time for the bundled notes, at run time for a user's own folder).

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

export interface Bilingual {
  en: string;
  zh: string;
}

export interface Section {
  /** "2" for a chapter's introduction, "2.3" for a `##` section, "2.3.1" for a `###` one. */
  ref: string;
  chapter: number;
  depth: 0 | 1 | 2;
  title: Bilingual;
  /** Markdown of this section's own text, without its heading and without its subsections. */
  body: Bilingual;
  /** Where the heading stands in each source file (1-based line), for messages and links. */
  source: { en: SourcePos; zh: SourcePos };
}

export interface SourcePos {
  file: string;
  line: number;
}

export interface Chapter {
  number: number;
  slug: string;
  title: Bilingual;
  summary: Bilingual;
  /** Intro (depth 0) first, then every section and subsection in reading order. */
  sections: Section[];
}

export interface Concept {
  id: string;
  en: string;
  zh: string;
  aliases: string[];
  definition: Bilingual;
  ref: string;
  related: string[];
  source: SourcePos;
  /** Derived at build time for the bundled notes: other sections that mention the concept. */
  mentionedIn?: string[];
  /** Derived at build time for the bundled notes: how many questions cover the concept. */
  questionCount?: number;
}

export type QuestionType = 'single' | 'multi' | 'truefalse' | 'short' | 'cloze' | 'order';
export const QUESTION_TYPES: readonly QuestionType[] = ['single', 'multi', 'truefalse', 'short', 'cloze', 'order'];

export interface Choice {
  text: Bilingual;
  correct: boolean;
}

export interface Question {
  id: string;
  chapter: number;
  ref: string;
  concepts: string[];
  type: QuestionType;
  difficulty: 1 | 2 | 3;
  question: Bilingual;
  explanation: Bilingual;
  choices?: Choice[];
  answer?: boolean;
  answers?: { en: string[]; zh: string[] };
  /** For `order`: the items in their correct order. */
  items?: Bilingual[];
  source: SourcePos;
}

export interface NotesModel {
  /** Which languages the notes are written in (a user's folder may have only one). */
  languages: Lang[];
  chapters: Chapter[];
  concepts: Concept[];
  questions: Question[];
}

export interface Problem {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  message: string;
  /** The same message in Chinese. */
  zh?: string;
  /** A short example of what a valid entry looks like. */
  hint?: string;
  /** It can go away without any file's size or time changing (a broken link, an unreadable file). */
  transient?: boolean;
}

export function formatProblem(p: Problem, lang: Lang = 'en'): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const message = lang === 'zh' && p.zh ? p.zh : p.message;
  const example = lang === 'zh' ? '例如' : 'e.g.';
  return `${where}: ${message}${p.hint ? `\n    ${example} ${p.hint}` : ''}`;
}

export function allSections(model: NotesModel): Section[] {
  return model.chapters.flatMap((c) => c.sections);
}

export function findSection(model: NotesModel, ref: string): Section | undefined {
  for (const chapter of model.chapters) for (const s of chapter.sections) if (s.ref === ref) return s;
  return undefined;
}

/** The section and everything under it (a chapter ref gives the whole chapter). */
export function sectionWithChildren(model: NotesModel, ref: string): Section[] {
  const chapterNo = Number(ref.split('.')[0]);
  const chapter = model.chapters.find((c) => c.number === chapterNo);
  if (!chapter) return [];
  if (!ref.includes('.')) return chapter.sections;
  return chapter.sections.filter((s) => s.ref === ref || s.ref.startsWith(ref + '.'));
}

/** The reading unit a ref belongs to: a chapter, or the `##` section above a `###` one. */
export function unitRefOf(ref: string): string {
  return ref.split('.').slice(0, 2).join('.');
}
