// Build step: compile the bundled notes ahead of time into dist/notes/, so that run time parses
// neither YAML nor Markdown for them, split into parts that commands load only when they need
// them (src/io/notes.ts). Fails the build on any problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFolder } from './io/folder-notes.js';
import { bundledNotesDir, compiledNotesDir } from './io/paths.js';
import { allSections, formatProblem, unitRefOf, type Section } from './core/model.js';
import { conceptMentions } from './core/glossary.js';
import { lexMarkdown, viewOfTokens } from './ui/render.js';
import { blockMarkdown, blocksOfSection } from './core/reading.js';
import { writeBundledSearchIndex } from './io/search-build.js';

const { model, problems } = compileFolder(bundledNotesDir());
if (problems.length) {
  for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
  process.stderr.write(`build-notes: ${problems.length} problem(s) in notes/\n`);
  process.exit(1);
}
const out = compiledNotesDir();
mkdirSync(out, { recursive: true });
// Derived once here so that `define` reads neither every section nor the quiz bank.
for (const c of model.concepts) {
  c.mentionedIn = conceptMentions(model, c).map((s) => s.ref);
  c.questionCount = model.questions.filter((q) => q.concepts.includes(c.id)).length;
}
const structure = {
  ...model,
  concepts: undefined,
  questions: undefined,
  chapters: model.chapters.map((c) => ({ ...c, sections: c.sections.map(({ body: _body, ...rest }) => rest) })),
};
writeFileSync(join(out, 'structure.json'), JSON.stringify(structure));
// One file per reading unit (a chapter introduction, or a `##` section with its subsections):
// the Markdown for search snippets, and the rendered views for the reader.
const units = new Map<string, Section[]>();
for (const s of allSections(model)) units.set(unitRefOf(s.ref), [...(units.get(unitRefOf(s.ref)) ?? []), s]);
for (const [unit, sections] of units) {
  writeFileSync(join(out, `body-${unit}.json`), JSON.stringify(Object.fromEntries(sections.map((s) => [s.ref, s.body]))));
  const view = (key: string, lang: 'en' | 'zh') => viewOfTokens(lexMarkdown(blockMarkdown(model, key, lang)), { rawMath: false });
  const keys = sections.flatMap(blocksOfSection);
  writeFileSync(join(out, `view-${unit}.json`), JSON.stringify(Object.fromEntries(keys.map((k) => [k, { en: view(k, 'en'), zh: view(k, 'zh') }]))));
}
writeFileSync(join(out, 'concepts.json'), JSON.stringify(model.concepts));
writeFileSync(join(out, 'questions.json'), JSON.stringify(model.questions));
writeBundledSearchIndex(model); // dist/search-index.json, so a query loads no pinyin library
process.stdout.write(`build-notes: ${model.chapters.length} chapters, ${model.concepts.length} concepts, ${model.questions.length} questions\n`);
