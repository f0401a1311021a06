// `fllm doctor`: check the data dir, the notes and the terminal; say what is wrong and how to fix it.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { detectLang } from '../i18n.js';
import { DataError } from '../errors.js';
import { loadLog } from '../io/review-log.js';
import { dataDir as dataDirOf } from '../io/paths.js';
import { loadBundled } from '../io/notes.js';
import { compileFolder } from '../io/folder-notes.js';
import { writeOut } from '../ui/output.js';
import { painter } from '../ui/paint.js';
import { colorEnabled } from '../ui/output.js';
import type { GlobalOptions } from './context.js';

type Level = 'ok' | 'warn' | 'fail';
interface Finding {
  level: Level;
  what: string;
  fix?: string;
}

function onPath(bin: string): boolean {
  if (bin.includes('/')) return existsSync(bin);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, bin)));
}

function checkDataDir(dir: string, zh: boolean): Finding[] {
  const out: Finding[] = [];
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    return [{ level: 'fail', what: zh ? `数据目录 ${dir} 不是文件夹` : `data dir ${dir} is not a folder`, fix: zh ? '把它移走，或把 FLLM_HOME 设为一个文件夹' : 'move it away, or set FLLM_HOME to a folder' }];
  }
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    out.push({ level: 'ok', what: zh ? `数据目录 ${dir} 可写` : `data dir ${dir} is writable` });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    out.push({ level: 'fail', what: zh ? `数据目录 ${dir} 不可写（${code}）` : `data dir ${dir} is not writable (${code})`, fix: zh ? `修改权限（chmod u+w ${dir}），或把 FLLM_HOME 设为可写的文件夹` : `fix its permissions (chmod u+w ${dir}) or set FLLM_HOME to a writable folder` });
    return out;
  }
  try {
    const log = loadLog(dir);
    const n = log.events.length;
    if (existsSync(log.path)) accessSync(log.path, constants.R_OK | constants.W_OK);
    out.push({ level: 'ok', what: zh ? `复习记录：${n} 条` : `review log: ${n} review${n === 1 ? '' : 's'}` });
    if (log.badLines.length) {
      out.push({
        level: 'warn',
        what: zh ? `复习记录有 ${log.badLines.length} 行无法读取（第 ${log.badLines.slice(0, 10).join(', ')} 行）；其余记录完好` : `review log has ${log.badLines.length} unreadable line${log.badLines.length === 1 ? '' : 's'} (line ${log.badLines.slice(0, 10).join(', ')}); the rest is intact`,
        fix: zh ? 'fllm 会跳过这些行。要清理：fllm export -o backup.json，把 reviews.jsonl 移走，再 fllm import backup.json' : 'fllm skips them. To clean up: fllm export -o backup.json, move reviews.jsonl aside, then fllm import backup.json',
      });
    }
    if (log.tornLastLine) out.push({ level: 'warn', what: zh ? '复习记录最后一行写到一半被中断，已忽略' : 'the last line of the review log was cut off mid-write and is ignored', fix: zh ? '无需处理：下一次复习会从新的一行开始' : 'nothing to do: the next review starts on a new line' });
  } catch (e) {
    out.push({ level: 'fail', what: (e as Error).message, fix: zh ? '检查 reviews.jsonl 的权限' : 'check the permissions of reviews.jsonl' });
  }
  const statePath = join(dir, 'state.json');
  if (existsSync(statePath)) {
    try {
      JSON.parse(readFileSync(statePath, 'utf8'));
      out.push({ level: 'ok', what: zh ? '阅读进度文件完好' : 'reading state is readable' });
    } catch {
      out.push({ level: 'warn', what: zh ? 'state.json 已损坏：阅读进度会从头开始' : 'state.json is damaged: the reading position starts over', fix: zh ? `删除 ${statePath}（复习记录不受影响）` : `delete ${statePath} (reviews are not affected)` });
    }
  }
  return out;
}

function checkNotes(notesDir: string | undefined, dataDir: string, zh: boolean): Finding[] {
  if (!notesDir) {
    try {
      const model = loadBundled();
      return [{ level: 'ok', what: zh ? `内置笔记：${model.chapters.length} 章，${model.concepts.length} 个概念，${model.questions.length} 道题` : `bundled notes: ${model.chapters.length} chapters, ${model.concepts.length} concepts, ${model.questions.length} questions` }];
    } catch {
      return [{ level: 'fail', what: zh ? '找不到或无法读取编译后的笔记（dist/notes）' : 'compiled notes (dist/notes) are missing or damaged', fix: zh ? '在 fllm 的目录里运行 npm run build（或重新安装）' : 'run `npm run build` in the fllm folder (or reinstall)' }];
    }
  }
  try {
    const { model, problems } = compileFolder(notesDir, dataDir);
    const out: Finding[] = [{ level: 'ok', what: zh ? `笔记 ${notesDir}：${model.chapters.length} 章` : `notes ${notesDir}: ${model.chapters.length} chapters` }];
    if (problems.length) out.push({ level: 'warn', what: zh ? `笔记中有 ${problems.length} 处问题（已跳过）` : `${problems.length} problem${problems.length === 1 ? '' : 's'} in the notes (skipped)`, fix: `fllm check ${notesDir}` });
    return out;
  } catch (e) {
    return [{ level: 'fail', what: (e as Error).message }];
  }
}

function checkTerminal(zh: boolean): Finding[] {
  const out: Finding[] = [];
  const locale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
  if (!/utf-?8/i.test(locale)) out.push({ level: 'warn', what: zh ? `区域设置“${locale || '未设置'}”不是 UTF-8：中文和公式可能显示为乱码` : `locale "${locale || 'unset'}" is not UTF-8: Chinese and formulas may not display`, fix: 'export LANG=C.UTF-8' });
  else out.push({ level: 'ok', what: zh ? `区域设置 ${locale}` : `locale ${locale}` });
  const pager = (process.env.PAGER ?? '').trim().split(/\s+/)[0] || 'less';
  if (!onPath(pager)) out.push({ level: 'warn', what: zh ? `找不到分页程序 ${pager}：长文会直接输出` : `pager ${pager} not found: long sections print directly`, fix: zh ? '安装 less，或设置 PAGER' : 'install less, or set PAGER' });
  else out.push({ level: 'ok', what: zh ? `分页程序 ${pager}` : `pager ${pager}` });
  if (!process.env.TERM || process.env.TERM === 'dumb') out.push({ level: 'warn', what: zh ? `TERM=${process.env.TERM ?? ''}：不使用颜色和交互菜单` : `TERM=${process.env.TERM ?? ''}: no colours or menus`, fix: 'export TERM=xterm-256color' });
  return out;
}

export async function runDoctor(opts: GlobalOptions): Promise<void> {
  const zh = detectLang(opts.lang) === 'zh';
  const c = painter(colorEnabled(opts));
  const major = Number(process.versions.node.split('.')[0]);
  const findings: Finding[] = [
    major >= 20 ? { level: 'ok', what: `Node.js ${process.version}` } : { level: 'fail', what: `Node.js ${process.version}`, fix: zh ? '需要 Node.js 20 或更高版本' : 'fllm needs Node.js 20 or newer' },
    ...checkDataDir(dataDirOf(), zh),
    ...checkNotes(opts.notes ?? (process.env.FLLM_NOTES || undefined), dataDirOf(), zh),
    ...checkTerminal(zh),
  ];
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗') };
  for (const f of findings) {
    writeOut(`${mark[f.level]} ${f.what}`);
    if (f.fix && f.level !== 'ok') writeOut(c.gray(`    ${zh ? '解决：' : 'fix: '}${f.fix}`));
  }
  const failures = findings.filter((f) => f.level === 'fail').length;
  if (failures) throw new DataError(zh ? `发现 ${failures} 个需要处理的问题` : `${failures} problem${failures === 1 ? '' : 's'} need fixing`);
}
