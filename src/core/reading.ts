// What a reader sees for a ref, as a list of blocks (headings, bodies, a chapter's summary and
// contents). Each block has a stable key, so that its rendered view can be made once at build
// time for the bundled notes, and its Markdown can be made at run time for any other notes.
import { type Lang, type NotesModel, type Section, findSection, sectionWithChildren } from './model.js';

/** How much of a ref to show: a whole chapter, or a chapter's introduction when stepping. */
export type Scope = 'whole' | 'intro';

/** `2.3:heading`, `2.3:body`, `2:summary`, `2:contents`. */
export type BlockKey = string;

export function readingBlocks(model: NotesModel, section: Section, scope: Scope): BlockKey[] {
  const chapter = model.chapters.find((c) => c.number === section.chapter)!;
  const of = (s: Section) => [`${s.ref}:heading`, `${s.ref}:body`];
  if (section.depth === 0) {
    const intro = [`${section.ref}:heading`, `${section.ref}:summary`, `${section.ref}:body`];
    if (scope === 'intro') return [...intro, `${section.ref}:contents`];
    return [...intro, ...chapter.sections.slice(1).flatMap(of)];
  }
  return sectionWithChildren(model, section.ref).flatMap(of);
}

/** The blocks one section contributes anywhere: what the build renders ahead of time. */
export function blocksOfSection(section: Section): BlockKey[] {
  const keys = [`${section.ref}:heading`, `${section.ref}:body`];
  return section.depth === 0 ? [...keys, `${section.ref}:summary`, `${section.ref}:contents`] : keys;
}

export function blockMarkdown(model: NotesModel, key: BlockKey, lang: Lang): string {
  const [ref, part] = key.split(':') as [string, string];
  const section = findSection(model, ref);
  if (!section) return '';
  const chapter = model.chapters.find((c) => c.number === section.chapter)!;
  switch (part) {
    case 'heading':
      return `${'#'.repeat(section.depth + 1)} ${section.ref} ${section.title[lang]}`;
    case 'body':
      return section.body[lang];
    case 'summary':
      return chapter.summary[lang] ? chapter.summary[lang].split('\n').map((l) => `> ${l}`).join('\n') : '';
    case 'contents': {
      const title = lang === 'zh' ? '本章内容' : 'In this chapter';
      return `**${title}**\n\n` + chapter.sections.filter((s) => s.depth === 1).map((s) => `- ${s.ref} ${s.title[lang]}`).join('\n');
    }
    default:
      return '';
  }
}
