// Writing to the terminal: colour decisions, width, and the pager.
import type { ChildProcess } from 'node:child_process';

export interface OutputOptions {
  /** commander's --no-color gives color: false. */
  color?: boolean;
  width?: number;
  pager?: boolean;
}

export function colorEnabled(opts: OutputOptions, stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (opts.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export const MAX_READABLE_WIDTH = 100;

export function outputWidth(opts: OutputOptions, stream: NodeJS.WriteStream = process.stdout): number {
  if (opts.width) return opts.width;
  const columns = stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(20, Math.min(columns, MAX_READABLE_WIDTH));
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/** Show text, through $PAGER (default `less -R`) when it is taller than the terminal. */
export async function page(text: string, opts: OutputOptions): Promise<void> {
  const out = process.stdout;
  const lines = text.split('\n').length;
  if (opts.pager === false || !out.isTTY || lines < (out.rows || 24)) {
    writeOut(text);
    return;
  }
  const command = (process.env.PAGER ?? '').trim() || 'less -R';
  const [bin, ...args] = command.split(/\s+/);
  const env = { ...process.env };
  if (bin!.endsWith('less') && env.LESS === undefined) env.LESS = 'R';
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(bin!, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
    } catch {
      writeOut(text);
      resolve();
      return;
    }
    // The pager owns Ctrl-C while it runs (less uses it to stop a search); we just wait for it
    // to end. If we are told to terminate, the pager goes with us.
    const savedInt = process.listeners('SIGINT');
    process.removeAllListeners('SIGINT');
    const ignore = () => {};
    process.on('SIGINT', ignore);
    const stopPager = () => child.kill('SIGTERM');
    process.prependListener('SIGTERM', stopPager);
    // A pager that cannot start (not installed): print directly instead.
    child.on('error', () => writeOut(text));
    child.stdin!.on('error', () => {}); // the reader quit before the end: fine
    child.on('close', () => {
      process.off('SIGINT', ignore);
      for (const l of savedInt) process.on('SIGINT', l as () => void);
      process.off('SIGTERM', stopPager);
      resolve();
    });
    child.stdin!.end(text.endsWith('\n') ? text : text + '\n');
  });
}
