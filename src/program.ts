// The command table: declarations only. Each action imports its handler lazily and calls one
// verb-named function with an options object. One catch maps errors to exit codes.
import { Command, CommanderError, InvalidArgumentError, type OptionValues } from 'commander';
import { UsageError, isFllmError } from './errors.js';
import { editDistance } from './core/distance.js';
import { sanitizeText } from './core/sanitize.js';
import { detectLang } from './i18n.js';
import { writeStdout } from './ui/output.js';

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

/** Help text width: wide (CJK) characters take two columns. Kept small: it is on every start-up path. */
function helpWidth(text: string): number {
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  return plain.length + (plain.match(/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g)?.length ?? 0);
}

const HELP_TITLES_ZH: Record<string, string> = { 'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '全局选项：' };

function examples(lines: string[]): string {
  const zh = detectLang(langFlag(process.argv)) === 'zh';
  return `\n${zh ? '示例：' : 'Examples:'}\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

function globals(cmd: Command): OptionValues {
  return cmd.optsWithGlobals();
}

export function buildProgram(): Command {
  // Help in the UI language: --lang on the command line, else FLLM_LANG, else LANG.
  const zh = detectLang(langFlag(process.argv)) === 'zh';
  const L = (en: string, zhText: string) => (zh ? zhText : en);
  const program = new Command('fllm');
  // Before any subcommand is added, so that they inherit it: commander then throws instead of exiting.
  program.exitOverride();
  // Commander echoes what was typed in its errors: strip control sequences from it.
  program.configureOutput({ writeOut: writeStdout, outputError: (text, write) => write(sanitizeText(text)) });
  program
    .description('Study "Foundations of Large Language Models" (Tong Xiao, Jingbo Zhu) in the terminal: read, quiz, review, search. 在终端学习《大语言模型基础》。')
    .version(FLLM_VERSION, '-V, --version', L('print the version', '显示版本号'))
    .helpOption('-h, --help', L('show help for a command', '显示命令的帮助'))
    .helpCommand('help [command]', L('show help for a command', '显示命令的帮助'))
    // Chinese help text is two columns a character: wrap it by display width.
    .configureHelp({ styleTitle: (title) => (zh ? HELP_TITLES_ZH[title] ?? title : title), displayWidth: helpWidth })
    .option('--lang <lang>', L('language of the UI and notes: zh or en (default: $FLLM_LANG, then $LANG)', '界面和笔记的语言：zh 或 en（默认取 $FLLM_LANG，其次 $LANG）'))
    .option('--notes <dir>', L('use your own folder of Markdown notes (default: $FLLM_NOTES, then the bundled book notes)', '使用你自己的 Markdown 笔记文件夹（默认取 $FLLM_NOTES，否则用内置的本书笔记）'))
    .option('--width <n>', L('wrap at n columns (default: terminal width, at most 100)', '按 n 列换行（默认：终端宽度，最多 100）'), intInRange('--width', 20, 1000))
    .option('--no-color', L('no colours (also: NO_COLOR=1)', '不使用颜色（也可设置 NO_COLOR=1）'))
    .option('--no-pager', L('print directly instead of through $PAGER', '直接输出，不经过 $PAGER 分页'))
    .option('--raw-math', L('show formulas as LaTeX source instead of Unicode', '以 LaTeX 源码而不是 Unicode 显示公式'))
    .showSuggestionAfterError(true)
    .showHelpAfterError(L('(run `fllm --help` for usage)', '（运行 `fllm --help` 查看用法）'))
    .addHelpText('after', examples([L('fllm                 # menu: continue reading, pick a chapter, ...', 'fllm                 # 菜单：继续阅读、选择章节……'), 'fllm read 2.3', 'fllm read rlhf', 'fllm toc --lang zh', 'fllm next']))
    .allowExcessArguments(true)
    .action(async (_opts, cmd: Command) => {
      if (cmd.args.length > 0) throw unknownCommand(cmd.args[0]!, program);
      const { showHome } = await import('./commands/home.js');
      await showHome({ ...globals(cmd), helpText: program.helpInformation() });
    });

  program
    .command('read')
    .argument('[ref]', L('section (2, 2.3, 2.3.1), chapter slug, title or glossary term; default: where you stopped', '章节号（2、2.3、2.3.1）、章节简称、标题或术语；默认：上次读到的地方'))
    .description(L('read a chapter or section of the notes', '阅读笔记中的一章或一节'))
    .addHelpText('after', examples([L('fllm read            # resume where you stopped', 'fllm read            # 从上次停下的地方继续'), 'fllm read 1', 'fllm read 2.3.1', 'fllm read pretraining', 'fllm read 对齐', 'fllm read rlhf --lang en', 'fllm read 4.3 --no-pager | less']))
    .action(async (ref: string | undefined, _opts, cmd: Command) => {
      const { readSection } = await import('./commands/read.js');
      await readSection(ref, globals(cmd));
    });

  program
    .command('next')
    .description(L('read the next section', '阅读下一节'))
    .addHelpText('after', examples(['fllm next', 'fllm next --lang zh']))
    .action(async (_opts, cmd: Command) => {
      const { stepSection } = await import('./commands/read.js');
      await stepSection(1, globals(cmd));
    });

  program
    .command('prev')
    .description(L('read the previous section', '阅读上一节'))
    .addHelpText('after', examples(['fllm prev']))
    .action(async (_opts, cmd: Command) => {
      const { stepSection } = await import('./commands/read.js');
      await stepSection(-1, globals(cmd));
    });

  program
    .command('toc')
    .description(L('list chapters and sections; ✓ marks what you have read', '列出各章各节；✓ 表示已读'))
    .option('--json', L('machine-readable output', '输出机器可读的 JSON'))
    .addHelpText('after', examples(['fllm toc', 'fllm toc --lang zh', 'fllm toc --json | jq ".chapters[0]"']))
    .action(async (_opts, cmd: Command) => {
      const { showToc } = await import('./commands/toc.js');
      await showToc(globals(cmd));
    });

  program
    .command('quiz')
    .description(L('practise with questions from the notes; every answer is saved for review', '用笔记中的题目练习；每个回答都会记录，用于复习'))
    .option('--chapter <n>', L('only this chapter', '只考这一章'), intInRange('--chapter', 1, 999))
    .option('--topic <slug>', L('only this topic: pretraining, generative, prompting, alignment, inference', '只考这个主题：pretraining、generative、prompting、alignment、inference'))
    .option('--concept <id>', L('only questions about this glossary concept', '只考与这个术语相关的题目'))
    .option('--type <type>', L('only this type: single, multi, truefalse, short, cloze, order', '只考这种题型：single、multi、truefalse、short、cloze、order'))
    .option('--count <n>', L('how many questions (default 10)', '题目数量（默认 10）'), intInRange('--count', 1, 1000))
    .option('--seed <n>', L('same seed, same questions in the same order', '相同的种子给出相同的题目和顺序'), intInRange('--seed', 0, 2 ** 31 - 1))
    .option('--plain', L('numbered text and one answer per line on stdin (automatic without a terminal)', '以编号文本出题，从标准输入每行读一个答案（没有终端时自动启用）'))
    .option('--json', L('print a machine-readable result (questions go to stderr)', '输出机器可读的结果（题目打印到 stderr）'))
    .option('--list', L('list the questions that match instead of asking them', '列出符合条件的题目，而不是出题'))
    .addHelpText('after', examples(['fllm quiz', 'fllm quiz --chapter 4 --count 5', 'fllm quiz --topic prompting --type short', 'fllm quiz --concept rlhf --lang zh', "printf 'a\\nt\\n' | fllm quiz --count 2 --seed 7 --plain", 'fllm quiz --list --json']))
    .action(async (_opts, cmd: Command) => {
      const { runQuiz } = await import('./commands/quiz.js');
      await runQuiz(globals(cmd));
    });

  program
    .command('review')
    .description(L('review the cards that are due (spaced repetition, FSRS)', '复习到期的卡片（间隔重复，FSRS）'))
    .option('--limit <n>', L('at most n cards (default 20)', '最多 n 张卡片（默认 20）'), intInRange('--limit', 1, 10000))
    .option('--chapter <n>', L('only this chapter', '只考这一章'), intInRange('--chapter', 1, 999))
    .option('--new <n>', L('new cards a day (default 10)', '每天的新卡片数（默认 10）'), intInRange('--new', 0, 10000))
    .option('--plain', L('numbered text and one answer per line on stdin (automatic without a terminal)', '以编号文本出题，从标准输入每行读一个答案（没有终端时自动启用）'))
    .addHelpText('after', examples(['fllm review', 'fllm review --limit 10 --chapter 4', "printf '\\n3\\n' | fllm review --plain --limit 1"]))
    .action(async (_opts, cmd: Command) => {
      const { runReview } = await import('./commands/review.js');
      await runReview(globals(cmd));
    });

  program
    .command('stats')
    .description(L('progress per chapter, streak, due forecast and activity', '各章进度、连续天数、到期预测和学习记录'))
    .option('--json', L('the same figures as JSON', '以 JSON 输出同样的数据'))
    .addHelpText('after', examples(['fllm stats', 'fllm stats --lang zh', 'fllm stats --json']))
    .action(async (_opts, cmd: Command) => {
      const { showStats } = await import('./commands/stats.js');
      await showStats(globals(cmd));
    });

  program
    .command('export')
    .description(L('export cards with their state and review history', '导出卡片及其状态和复习历史'))
    .option('--format <format>', L('json, csv, or anki (tab-separated: front, back, tags)', 'json、csv 或 anki（制表符分隔：正面、背面、标签）'), 'json')
    .option('-o, --output <file>', L('write to a file instead of stdout', '写入文件而不是标准输出'))
    .addHelpText('after', examples(['fllm export -o fllm.json', 'fllm export --format csv -o cards.csv', L('fllm export --format anki -o fllm-anki.txt   # Anki: File → Import', 'fllm export --format anki -o fllm-anki.txt   # Anki：文件 → 导入')]))
    .action(async (_opts, cmd: Command) => {
      const { exportCards } = await import('./commands/export.js');
      await exportCards(globals(cmd));
    });

  program
    .command('import')
    .argument('<file>', L('a reviews.jsonl log (e.g. from another machine) or an `fllm export` JSON file', 'reviews.jsonl 复习记录（例如来自另一台机器）或 `fllm export` 导出的 JSON 文件'))
    .description(L('merge reviews from another log; reviews already present are skipped', '合并另一份复习记录；已有的记录会跳过'))
    .addHelpText('after', examples(['fllm import ~/other-machine/reviews.jsonl', 'fllm import fllm.json']))
    .action(async (file: string, _opts, cmd: Command) => {
      const { importReviews } = await import('./commands/import.js');
      await importReviews(file, globals(cmd));
    });

  program
    .command('init')
    .argument('<dir>', L('a new or empty folder', '一个新的或空的文件夹'))
    .description(L('write a small example notes folder that shows every feature of the format', '生成一个展示笔记格式全部功能的小示例文件夹'))
    .addHelpText('after', examples(['fllm init my-notes', 'fllm --notes my-notes toc']))
    .action(async (dir: string, _opts, cmd: Command) => {
      const { initNotes } = await import('./commands/init.js');
      await initNotes(dir, globals(cmd));
    });

  program
    .command('search')
    .argument('<query...>', L('a term, abbreviation, pinyin or words, in Chinese or English (quotes optional)', '术语、缩写、拼音或词语，中英文均可（引号可省）'))
    .description(L('search the notes and the glossary in both languages; shows where to read (--lang zh|en: language of titles and snippets)', '在中英文笔记和术语表中搜索，并指出该读哪里（--lang zh|en 决定标题和摘录的语言）'))
    .option('--limit <n>', L('at most n results (default 10)', '最多 n 条结果（默认 10）'), intInRange('--limit', 1, 100))
    .option('--chapter <n>', L('only results from chapter n', '只看第 n 章的结果'), intInRange('--chapter', 1, 999))
    .option('--json', L('machine-readable output: an array of hits', '输出机器可读的结果数组'))
    .option('--open', L('in a terminal: choose a result and read it', '在终端中：选择一条结果并阅读'))
    .addHelpText('after', examples(['fllm search rlhf', 'fllm search 思维链', 'fllm search KV cache --chapter 5', L('fllm search duiqi          # pinyin, or initials: dq', 'fllm search duiqi          # 拼音，或首字母：dq'), L('fllm search allignment     # small typos are fine', 'fllm search allignment     # 小的拼写错误也能找到'), 'fllm search 对齐 --lang zh --limit 3', 'fllm search cot --open', 'fllm search "reward model" --json | jq ".[0].ref"']))
    .action(async (query: string[], _opts, cmd: Command) => {
      const { searchNotes } = await import('./commands/search.js');
      await searchNotes(query, globals(cmd));
    });

  program
    .command('define')
    .argument('[term...]', L('a glossary term: English or Chinese name, abbreviation, alias or id', '术语：英文或中文名称、缩写、别名或 id'))
    .description(L('show a glossary card: names, definitions in both languages, where it is explained', '显示术语卡片：名称、中英文定义、讲解位置'))
    .option('--list', L('list every term', '列出全部术语'))
    .option('--json', L('machine-readable output', '输出机器可读的 JSON'))
    .addHelpText('after', examples(['fllm define rlhf', 'fllm define 对齐', 'fllm define "KV cache" --json', 'fllm define --list', 'fllm define --list --json | jq length']))
    .action(async (term: string[], _opts, cmd: Command) => {
      const { defineTerm } = await import('./commands/define.js');
      await defineTerm(term, globals(cmd));
    });

  program
    .command('doctor')
    .description(L('check the data folder, the notes and the terminal, and say how to fix what is wrong', '检查数据文件夹、笔记和终端，并说明如何修复问题'))
    .addHelpText('after', examples(['fllm doctor', 'FLLM_HOME=/tmp/x fllm doctor']))
    .action(async (_opts, cmd: Command) => {
      const { runDoctor } = await import('./commands/doctor.js');
      await runDoctor(globals(cmd));
    });

  program
    .command('check')
    .argument('[dir]', L('notes folder to check (default: the notes in use)', '要检查的笔记文件夹（默认：当前使用的笔记）'))
    .description(L('validate notes, glossary and quizzes; print every problem as file:line', '校验笔记、术语表和题库；以 文件:行号 列出每个问题'))
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
  // A signal can arrive while a prompt has hidden the cursor and put the terminal in raw mode:
  // give the terminal back before leaving.
  const leave = (code: number) => () => {
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    if (process.stdout.isTTY) process.stdout.write('\x1b[?25h'); // only on a signal, so the stream costs nothing
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
