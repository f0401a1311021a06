// Looking up glossary concepts by name, for `fllm define` and for search suggestions. Pure.
import { editDistance } from './distance.js';
import { type Concept, type Lang, type NotesModel, type Section, allSections, findSection } from './model.js';

/** NFKC, lower case, runs of spaces, hyphens and underscores as one space: `Pre_Training` = `pre-training`. */
export function nameKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\-_‐‑–—·・]+/g, ' ').trim();
}

function compactKey(text: string): string {
  return nameKey(text).replace(/ /g, '');
}

/** `alignment (对齐)` in English, `对齐 (alignment)` in Chinese; one name when both are the same. */
export function conceptLabel(c: Concept, lang: Lang): string {
  const other: Lang = lang === 'en' ? 'zh' : 'en';
  return c[lang] === c[other] ? c[lang] : `${c[lang]} (${c[other]})`;
}

export function conceptNames(c: Concept): string[] {
  return [c.en, c.zh, ...c.aliases, c.id];
}

/**
 * Concepts one of whose names is `term` (ignoring case, width, spaces and hyphens). The
 * concepts named so by their en/zh name or id come first, then those with it as an alias.
 */
export function findConcepts(model: NotesModel, term: string): Concept[] {
  const key = compactKey(term);
  if (!key) return [];
  const main = model.concepts.filter((c) => [c.en, c.zh, c.id].some((n) => compactKey(n) === key));
  if (main.length) return main;
  return model.concepts.filter((c) => c.aliases.some((n) => compactKey(n) === key));
}

export interface NearName {
  concept: Concept;
  name: string;
  distance: number;
}

/** The concepts whose names are closest to `query`: names containing it first, then by edit distance. */
export function nearestConcepts(model: NotesModel, query: string, max = 5): NearName[] {
  const q = nameKey(query);
  const length = [...q].length;
  if (!length) return [];
  const limit = Math.max(1, Math.min(4, Math.round(length / 3)));
  const best = new Map<string, NearName>();
  for (const c of model.concepts) {
    for (const name of conceptNames(c)) {
      const key = nameKey(name);
      let distance = editDistance(key, q, limit);
      // A name that contains the query (a prefix or a word of it) is a good suggestion too.
      if (distance > limit && length >= 2 && key.includes(q)) distance = limit + (key.startsWith(q) ? 0.25 : 0.5);
      if (distance > limit + 0.5) continue;
      const prev = best.get(c.id);
      if (!prev || distance < prev.distance) best.set(c.id, { concept: c, name, distance });
    }
  }
  return [...best.values()]
    .sort((a, b) => a.distance - b.distance || a.name.length - b.name.length || a.concept.id.localeCompare(b.concept.id))
    .slice(0, max);
}

export function questionCount(model: NotesModel, conceptId: string): number {
  const known = model.concepts.find((c) => c.id === conceptId)?.questionCount;
  return known ?? model.questions.filter((q) => q.concepts.includes(conceptId)).length;
}

function countMentions(haystack: string, needle: string): number {
  if (!needle) return 0;
  const latin = /[a-z0-9]/.test(needle);
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) {
    if (latin) {
      // Whole words only: `RM` is not in `transformer`.
      const before = haystack[i - 1] ?? ' ';
      const after = haystack[i + needle.length] ?? ' ';
      if (/[a-z0-9]/.test(before) || /[a-z0-9]/.test(after)) continue;
    }
    count++;
  }
  return count;
}

/** Sections other than the explaining one that mention a concept most, in reading order. */
export function conceptMentions(model: NotesModel, concept: Concept, max = 6): Section[] {
  if (concept.mentionedIn) return concept.mentionedIn.map((ref) => findSection(model, ref)).filter((s): s is Section => !!s).slice(0, max);
  const names = [...new Set([concept.en, concept.zh, ...concept.aliases].map((n) => n.normalize('NFKC').toLowerCase()).filter((n) => [...n].length >= 2))];
  const scored: { section: Section; index: number; count: number }[] = [];
  allSections(model).forEach((section, index) => {
    if (section.ref === concept.ref) return;
    const text = `${section.title.en}\n${section.body.en}\n${section.title.zh}\n${section.body.zh}`.normalize('NFKC').toLowerCase();
    const count = names.reduce((sum, n) => sum + countMentions(text, n), 0);
    if (count > 0) scored.push({ section, index, count });
  });
  return scored
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .slice(0, max)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.section);
}

export function explainingSection(model: NotesModel, concept: Concept): Section | undefined {
  return findSection(model, concept.ref);
}
