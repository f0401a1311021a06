// Resolving what the reader typed (`2.3`, a slug, a title fragment, a glossary term) to a section.
import { editDistance } from './distance.js';
import { type Lang, type NotesModel, type Section, allSections, findSection } from './model.js';

export type Resolution =
  | { kind: 'found'; section: Section }
  | { kind: 'ambiguous'; candidates: Section[] }
  | { kind: 'unknown'; suggestions: Section[] };

const NUMERIC_REF = /^\d+(?:\.\d+){0,2}$/;

function norm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\-_]+/g, ' ').trim();
}

interface Name {
  text: string;
  section: Section;
  /** Glossary names point to the section that explains the term. */
  fromGlossary: boolean;
}

function namesOf(model: NotesModel): Name[] {
  const names: Name[] = [];
  for (const chapter of model.chapters) {
    const intro = chapter.sections[0]!;
    names.push({ text: chapter.slug, section: intro, fromGlossary: false });
    names.push({ text: `${String(chapter.number).padStart(2, '0')}-${chapter.slug}`, section: intro, fromGlossary: false });
  }
  for (const s of allSections(model)) {
    names.push({ text: s.title.en, section: s, fromGlossary: false });
    if (s.title.zh !== s.title.en) names.push({ text: s.title.zh, section: s, fromGlossary: false });
  }
  for (const c of model.concepts) {
    const section = findSection(model, c.ref);
    if (!section) continue;
    for (const n of [c.id, c.en, c.zh, ...c.aliases]) names.push({ text: n, section, fromGlossary: true });
  }
  return names;
}

function unique(sections: Section[]): Section[] {
  const seen = new Set<string>();
  return sections.filter((s) => (seen.has(s.ref) ? false : (seen.add(s.ref), true)));
}

export function resolveRef(model: NotesModel, input: string): Resolution {
  const query = norm(input);
  if (NUMERIC_REF.test(query)) {
    const section = findSection(model, query);
    if (section) return { kind: 'found', section };
    return { kind: 'unknown', suggestions: nearestRefs(model, query) };
  }
  if (!query) return { kind: 'unknown', suggestions: [] };
  const chapter = model.chapters.find((c) => norm(c.slug) === query || norm(`${String(c.number).padStart(2, '0')}-${c.slug}`) === query);
  if (chapter) return { kind: 'found', section: chapter.sections[0]! };
  const names = namesOf(model);
  const exact = unique(names.filter((n) => norm(n.text) === query).map((n) => n.section));
  if (exact.length === 1) return { kind: 'found', section: exact[0]! };
  if (exact.length > 1) {
    // A glossary term names the one section that explains it; prefer that over title clashes.
    const glossary = unique(names.filter((n) => n.fromGlossary && norm(n.text) === query).map((n) => n.section));
    if (glossary.length === 1) return { kind: 'found', section: glossary[0]! };
    return { kind: 'ambiguous', candidates: exact };
  }
  const partial = unique(names.filter((n) => norm(n.text).includes(query)).map((n) => n.section));
  if (partial.length === 1) return { kind: 'found', section: partial[0]! };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial.slice(0, 12) };
  return { kind: 'unknown', suggestions: nearestNames(names, query) };
}

function nearestNames(names: Name[], query: string): Section[] {
  const limit = Math.max(1, Math.floor([...query].length / 3));
  const scored = names
    .map((n) => ({ n, d: editDistance(norm(n.text), query, limit) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d);
  return unique(scored.map((x) => x.n.section)).slice(0, 3);
}

/** For a numeric ref that does not exist: its parent if that exists, else the chapters. */
function nearestRefs(model: NotesModel, ref: string): Section[] {
  const parts = ref.split('.');
  while (parts.length > 1) {
    parts.pop();
    const parent = findSection(model, parts.join('.'));
    if (parent) return [parent];
  }
  return model.chapters.map((c) => c.sections[0]!).slice(0, 6);
}

export function sectionLabel(section: Section, lang: Lang): string {
  return `${section.ref} ${section.title[lang]}`;
}

/** Reading units for next/prev: each chapter's introduction, then its `##` sections. */
export function readingUnits(model: NotesModel): Section[] {
  return model.chapters.flatMap((c) => c.sections.filter((s) => s.depth < 2));
}

/**
 * The section after or before `ref` for `fllm next` / `fllm prev`. A `##` section is shown with
 * its subsections, so stepping on from it skips them; from a `###` subsection, the next one is
 * the following subsection; from a chapter's introduction, its first section.
 */
export function stepUnit(model: NotesModel, ref: string, delta: 1 | -1): Section | undefined {
  const flat = allSections(model);
  const i = flat.findIndex((s) => s.ref === ref);
  if (i === -1) return flat[0];
  const current = flat[i]!;
  if (delta === 1) {
    if (current.depth === 0) return flat[i + 1];
    let j = i + 1;
    while (j < flat.length && flat[j]!.depth > current.depth && flat[j]!.depth !== 0) j++;
    return flat[j];
  }
  for (let j = i - 1; j >= 0; j--) {
    if (flat[j]!.depth <= Math.max(current.depth, 1)) return flat[j];
  }
  return undefined;
}
