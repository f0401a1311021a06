// Project rules tsc cannot express: src/core stays pure, and only src/ui/prompts.ts imports inquirer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
for (const file of walk(join(root, 'src')).filter((f) => f.endsWith('.ts'))) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `${rel}:${i + 1}`;
    if (rel.startsWith('src/core/')) {
      if (/from ['"](node:)?(fs|child_process|os|net|http)['"]/.test(line)) problems.push(`${at}: src/core must not do I/O`);
      if (/from ['"]chalk['"]/.test(line)) problems.push(`${at}: src/core must not style output (chalk)`);
      if (/\bDate\.now\(\)|new Date\(\)|Math\.random\(\)/.test(line)) problems.push(`${at}: src/core must get time and randomness passed in`);
    }
    if (/from ['"](@inquirer\/prompts|inquirer)['"]/.test(line) && rel !== 'src/ui/prompts.ts') problems.push(`${at}: only src/ui/prompts.ts may import inquirer`);
  });
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('lint: ok');
