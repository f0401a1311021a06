// Build step: compile the bundled notes ahead of time into dist/notes.json, so that run time
// parses neither YAML nor Markdown for them. Fails the build on any problem.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFolder } from './io/notes.js';
import { bundledNotesDir, packageRoot } from './io/paths.js';
import { writeBundledSearchIndex } from './io/search-build.js';

const { model, problems } = compileFolder(bundledNotesDir());
if (problems.length) {
  for (const p of problems) process.stderr.write(p + '\n');
  process.stderr.write(`build-notes: ${problems.length} problem(s) in notes/\n`);
  process.exit(1);
}
writeFileSync(join(packageRoot(), 'dist', 'notes.json'), JSON.stringify(model));
writeBundledSearchIndex(model); // dist/search-index.json, so a query loads no pinyin library
process.stdout.write(`build-notes: ${model.chapters.length} chapters, ${model.concepts.length} concepts, ${model.questions.length} questions\n`);
