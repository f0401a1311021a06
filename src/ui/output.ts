// Writing to the terminal: colour decisions, width, and the pager.
import type { ChildProcess } from 'node:child_process';
import { fstatSync, statSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

export interface OutputOptions {
  /** commander's --no-color gives color: false. */
  color?: boolean;
  width?: number;
  pager?: boolean;
}

export function colorEnabled(opts: OutputOptions, isTerminal = stdoutIsTerminal(), env = process.env): boolean {
  if (opts.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return isTerminal && env.TERM !== 'dumb';
}

export const MAX_READABLE_WIDTH = 100;

export function outputWidth(opts: OutputOptions): number {
  if (opts.width) return opts.width;
  const columns = stdoutIsTerminal() ? stdout().columns || 80 : 80;
  return Math.max(20, Math.min(columns, MAX_READABLE_WIDTH));
}

// Standard output is a stream Node makes on first use of process.stdout, and making one loads
// the stream modules (node:net too, for a pipe); knowing whether it is a terminal loads node:tty.
// About 3 ms of every start for output that is a file or a pipe, which is where scripts and
// `--json` send it. So output that is not a terminal is written straight to the file
// descriptor, and the stream is made only when something needs it. Once it exists, everything
// goes through it, to keep the order.
let stdoutStream: NodeJS.WriteStream | undefined;
let stdoutTerminal: boolean | undefined;
/** The reader has gone (`fllm read 1 | head -3`): the rest of the output is dropped, the command still finishes. */
let stdoutGone = false;

/** A closed pipe, as POSIX and Windows (where libuv says EOF) report it. */
const isClosedPipe = (code: string | undefined) => code === 'EPIPE' || code === 'EOF';

/** process.stdout, made on first use, ending the program quietly when the reader has gone. */
export function stdout(): NodeJS.WriteStream {
  if (!stdoutStream) {
    stdoutStream = process.stdout;
    stdoutStream.on('error', (e: NodeJS.ErrnoException) => {
      // Reported after the command's own synchronous work (saving the reading position) is done.
      if (isClosedPipe(e.code)) process.exit(0);
      throw e;
    });
  }
  return stdoutStream;
}

/** Whether standard output is a terminal: load node:tty only when it can be one. */
export function stdoutIsTerminal(): boolean {
  return (stdoutTerminal ??= stdoutStream ? Boolean(stdoutStream.isTTY) : isTerminal(1));
}

function isTerminal(fd: number): boolean {
  if (process.platform !== 'win32') {
    let st;
    try {
      st = fstatSync(fd);
    } catch {
      return false; // closed
    }
    // A terminal is a character device, and /dev/null is the one that is not a terminal.
    if (!st.isCharacterDevice()) return false;
    try {
      if (st.rdev === statSync('/dev/null').rdev) return false;
    } catch {
      // no /dev/null here (a bare container): ask the terminal itself
    }
  }
  return isatty(fd);
}

/** Whether the reader of standard output has gone: what is written now is not seen. */
export function outputGone(): boolean {
  return stdoutGone;
}

/** A line of output (a newline added if missing). */
export function writeOut(text: string): void {
  writeStdout(text.endsWith('\n') ? text : text + '\n');
}

/** Text to standard output as it is (commander's help goes through here too). */
export function writeStdout(text: string): void {
  if (stdoutGone) return;
  if (stdoutStream || stdoutIsTerminal()) {
    stdout().write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isClosedPipe(code)) stdoutGone = true;
    else if (code === 'EAGAIN') stdout().write(bytes.subarray(done)); // a full non-blocking pipe: the stream waits for it
    else throw e;
  }
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/** Show text, through $PAGER (default `less -R`) when it is taller than the terminal. */
export async function page(text: string, opts: OutputOptions): Promise<void> {
  const lines = text.split('\n').length;
  if (opts.pager === false || !stdoutIsTerminal() || lines < (stdout().rows || 24)) {
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
