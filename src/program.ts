// The command table: declarations only. Each action imports its handler lazily and calls one
// verb-named function with an options object. One catch maps errors to exit codes.
import { Command, CommanderError, InvalidArgumentError, type OptionValues } from 'commander';
import { UsageError, isFllmError } from './errors.js';
import { editDistance } from './core/distance.js';
import { sanitizeText } from './core/sanitize.js';
import { detectLang } from './i18n.js';

declare const FLLM_VERSION: string;

function intInRange(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

function globals(cmd: Command): OptionValues {
  return cmd.optsWithGlobals();
}

export function buildProgram(): Command {
  const program = new Command('fllm');
  // Before any subcommand is added, so that they inherit it: commander then throws instead of exiting.
  program.exitOverride();
  // Commander echoes what was typed in its errors: strip control sequences from it.
  program.configureOutput({ outputError: (text, write) => write(sanitizeText(text)) });
  program
    .description('Study "Foundations of Large Language Models" (Tong Xiao, Jingbo Zhu) in the terminal: read, quiz, review, search. 在终端学习《大语言模型基础》。')
    .version(FLLM_VERSION, '-V, --version')
    .option('--lang <lang>', 'language of the UI and notes: zh or en (default: $FLLM_LANG, then $LANG)')
    .option('--notes <dir>', 'use your own folder of Markdown notes (default: $FLLM_NOTES, then the bundled book notes)')
    .option('--width <n>', 'wrap at n columns (default: terminal width, at most 100)', intInRange('--width', 20, 1000))
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--no-pager', 'print directly instead of through $PAGER')
    .option('--raw-math', 'show formulas as LaTeX source instead of Unicode')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `fllm --help` for usage)')
    .addHelpText('after', examples(['fllm                 # menu: continue reading, pick a chapter, ...', 'fllm read 2.3', 'fllm read rlhf', 'fllm toc --lang zh', 'fllm next']))
    .allowExcessArguments(true)
    .action(async (_opts, cmd: Command) => {
      if (cmd.args.length > 0) throw unknownCommand(cmd.args[0]!, program);
      const { showHome } = await import('./commands/home.js');
      await showHome({ ...globals(cmd), helpText: program.helpInformation() });
    });

  program
    .command('read')
    .argument('[ref]', 'section (2, 2.3, 2.3.1), chapter slug, title or glossary term; default: where you stopped')
    .description('read a chapter or section of the notes')
    .addHelpText('after', examples(['fllm read            # resume where you stopped', 'fllm read 1', 'fllm read 2.3.1', 'fllm read pretraining', 'fllm read 对齐', 'fllm read rlhf --lang en', 'fllm read 4.3 --no-pager | less']))
    .action(async (ref: string | undefined, _opts, cmd: Command) => {
      const { readSection } = await import('./commands/read.js');
      await readSection(ref, globals(cmd));
    });

  program
    .command('next')
    .description('read the next section')
    .addHelpText('after', examples(['fllm next', 'fllm next --lang zh']))
    .action(async (_opts, cmd: Command) => {
      const { stepSection } = await import('./commands/read.js');
      await stepSection(1, globals(cmd));
    });

  program
    .command('prev')
    .description('read the previous section')
    .addHelpText('after', examples(['fllm prev']))
    .action(async (_opts, cmd: Command) => {
      const { stepSection } = await import('./commands/read.js');
      await stepSection(-1, globals(cmd));
    });

  program
    .command('toc')
    .description('list chapters and sections; ✓ marks what you have read')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples(['fllm toc', 'fllm toc --lang zh', 'fllm toc --json | jq ".chapters[0]"']))
    .action(async (_opts, cmd: Command) => {
      const { showToc } = await import('./commands/toc.js');
      await showToc(globals(cmd));
    });

  program
    .command('quiz')
    .description('practise with questions from the notes; every answer is saved for review')
    .option('--chapter <n>', 'only this chapter', intInRange('--chapter', 1, 999))
    .option('--topic <slug>', 'only this topic: pretraining, generative, prompting, alignment, inference')
    .option('--concept <id>', 'only questions about this glossary concept')
    .option('--type <type>', 'only this type: single, multi, truefalse, short, cloze, order')
    .option('--count <n>', 'how many questions (default 10)', intInRange('--count', 1, 1000))
    .option('--seed <n>', 'same seed, same questions in the same order', intInRange('--seed', 0, 2 ** 31 - 1))
    .option('--plain', 'numbered text and one answer per line on stdin (automatic without a terminal)')
    .option('--json', 'print a machine-readable result (questions go to stderr)')
    .option('--list', 'list the questions that match instead of asking them')
    .addHelpText('after', examples(['fllm quiz', 'fllm quiz --chapter 4 --count 5', 'fllm quiz --topic prompting --type short', 'fllm quiz --concept rlhf --lang zh', "printf 'a\\nt\\n' | fllm quiz --count 2 --seed 7 --plain", 'fllm quiz --list --json']))
    .action(async (_opts, cmd: Command) => {
      const { runQuiz } = await import('./commands/quiz.js');
      await runQuiz(globals(cmd));
    });

  program
    .command('review')
    .description('review the cards that are due (spaced repetition, FSRS)')
    .option('--limit <n>', 'at most n cards (default 20)', intInRange('--limit', 1, 10000))
    .option('--chapter <n>', 'only this chapter', intInRange('--chapter', 1, 999))
    .option('--new <n>', 'new cards a day (default 10)', intInRange('--new', 0, 10000))
    .option('--plain', 'numbered text and one answer per line on stdin (automatic without a terminal)')
    .addHelpText('after', examples(['fllm review', 'fllm review --limit 10 --chapter 4', "printf '\\n3\\n' | fllm review --plain --limit 1"]))
    .action(async (_opts, cmd: Command) => {
      const { runReview } = await import('./commands/review.js');
      await runReview(globals(cmd));
    });

  program
    .command('stats')
    .description('progress per chapter, streak, due forecast and activity')
    .option('--json', 'the same figures as JSON')
    .addHelpText('after', examples(['fllm stats', 'fllm stats --lang zh', 'fllm stats --json']))
    .action(async (_opts, cmd: Command) => {
      const { showStats } = await import('./commands/stats.js');
      await showStats(globals(cmd));
    });

  program
    .command('export')
    .description('export cards with their state and review history')
    .option('--format <format>', 'json, csv, or anki (tab-separated: front, back, tags)', 'json')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', examples(['fllm export -o fllm.json', 'fllm export --format csv -o cards.csv', 'fllm export --format anki -o fllm-anki.txt   # Anki: File → Import']))
    .action(async (_opts, cmd: Command) => {
      const { exportCards } = await import('./commands/export.js');
      await exportCards(globals(cmd));
    });

  program
    .command('import')
    .argument('<file>', 'a reviews.jsonl log (e.g. from another machine) or an `fllm export` JSON file')
    .description('merge reviews from another log; reviews already present are skipped')
    .addHelpText('after', examples(['fllm import ~/other-machine/reviews.jsonl', 'fllm import fllm.json']))
    .action(async (file: string, _opts, cmd: Command) => {
      const { importReviews } = await import('./commands/import.js');
      await importReviews(file, globals(cmd));
    });

  program
    .command('init')
    .argument('<dir>', 'a new or empty folder')
    .description('write a small example notes folder that shows every feature of the format')
    .addHelpText('after', examples(['fllm init my-notes', 'fllm --notes my-notes toc']))
    .action(async (dir: string, _opts, cmd: Command) => {
      const { initNotes } = await import('./commands/init.js');
      await initNotes(dir, globals(cmd));
    });

  program
    .command('search')
    .argument('<query...>', 'a term, abbreviation, pinyin or words, in Chinese or English (quotes optional)')
    .description('search the notes and the glossary in both languages; shows where to read (--lang zh|en: language of titles and snippets)')
    .option('--limit <n>', 'at most n results (default 10)', intInRange('--limit', 1, 100))
    .option('--chapter <n>', 'only results from chapter n', intInRange('--chapter', 1, 999))
    .option('--json', 'machine-readable output: an array of hits')
    .option('--open', 'in a terminal: choose a result and read it')
    .addHelpText('after', examples(['fllm search rlhf', 'fllm search 思维链', 'fllm search KV cache --chapter 5', 'fllm search duiqi          # pinyin, or initials: dq', 'fllm search allignment     # small typos are fine', 'fllm search 对齐 --lang zh --limit 3', 'fllm search cot --open', 'fllm search "reward model" --json | jq ".[0].ref"']))
    .action(async (query: string[], _opts, cmd: Command) => {
      const { searchNotes } = await import('./commands/search.js');
      await searchNotes(query, globals(cmd));
    });

  program
    .command('define')
    .argument('[term...]', 'a glossary term: English or Chinese name, abbreviation, alias or id')
    .description('show a glossary card: names, definitions in both languages, where it is explained')
    .option('--list', 'list every term')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples(['fllm define rlhf', 'fllm define 对齐', 'fllm define "KV cache" --json', 'fllm define --list', 'fllm define --list --json | jq length']))
    .action(async (term: string[], _opts, cmd: Command) => {
      const { defineTerm } = await import('./commands/define.js');
      await defineTerm(term, globals(cmd));
    });

  program
    .command('doctor')
    .description('check the data folder, the notes and the terminal, and say how to fix what is wrong')
    .addHelpText('after', examples(['fllm doctor', 'FLLM_HOME=/tmp/x fllm doctor']))
    .action(async (_opts, cmd: Command) => {
      const { runDoctor } = await import('./commands/doctor.js');
      await runDoctor(globals(cmd));
    });

  program
    .command('check')
    .argument('[dir]', 'notes folder to check (default: the notes in use)')
    .description('validate notes, glossary and quizzes; print every problem as file:line')
    .addHelpText('after', examples(['fllm check', 'fllm check ./my-notes']))
    .action(async (dir: string | undefined, _opts, cmd: Command) => {
      const { checkNotes } = await import('./commands/check.js');
      await checkNotes(dir, globals(cmd));
    });

  return program;
}

/** The value of --lang on the command line, read without commander (which may have failed). */
function langFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
}

function unknownCommand(name: string, program: Command): UsageError {
  const names = program.commands.map((c) => c.name());
  const best = names.map((n) => ({ n, d: editDistance(n, name) })).sort((a, b) => a.d - b.d)[0];
  const close = best && best.d <= Math.max(1, Math.floor(name.length / 2)) ? best.n : undefined;
  return new UsageError({
    en: `unknown command '${name}'${close ? `; did you mean \`fllm ${close}\`?` : ''} (run \`fllm --help\` for the list)`,
    zh: `没有“${name}”这个命令${close ? `；你是不是要用 \`fllm ${close}\`？` : ''}（运行 \`fllm --help\` 查看全部命令）`,
  });
}

function printError(message: string): void {
  const prefix = process.stderr.isTTY && !process.env.NO_COLOR ? '\x1b[31mfllm:\x1b[39m' : 'fllm:';
  process.stderr.write(`${prefix} ${sanitizeText(message)}\n`);
}

export async function run(argv: string[]): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // `fllm read 1 | head -3`: the reader has enough
    throw e;
  });
  // A signal can arrive while a prompt has hidden the cursor and put the terminal in raw mode:
  // give the terminal back before leaving.
  const leave = (code: number) => () => {
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    if (process.stdout.isTTY) process.stdout.write('\x1b[?25h');
    process.exit(code);
  };
  process.on('SIGINT', leave(130));
  process.on('SIGTERM', leave(143));
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = exitCodeFor(e);
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander has already printed the message
  }
  if (process.env.FLLM_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack ?? e}\n`);
  if (isFllmError(e)) {
    const lang = detectLang(langFlag(process.argv));
    const message = typeof e.messageIn === 'function' ? e.messageIn(lang) : e.message;
    if (e.exitCode !== 130 || e.message !== 'interrupted') printError(message);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  printError(`unexpected error: ${message} (run with FLLM_DEBUG=1 for details)`);
  return 1;
}
