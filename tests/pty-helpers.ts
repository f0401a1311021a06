// Running the built binary in a real pseudo-terminal (node-pty).
import * as pty from 'node-pty';
import { BIN, tempDir } from './helpers.js';

export interface Session {
  output: () => string;
  write: (s: string) => void;
  resize: (cols: number, rows: number) => void;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<number>;
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
}

export function startPty(args: string[], env: Record<string, string> = {}, size = { cols: 80, rows: 12 }): Session {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['NO_COLOR', 'FORCE_COLOR', 'FLLM_LANG', 'CI'].includes(k)) clean[k] = v;
  const term = pty.spawn(process.execPath, [BIN, ...args], {
    name: env.TERM ?? 'xterm-256color', cols: size.cols, rows: size.rows, cwd: process.cwd(),
    env: { ...clean, TERM: 'xterm-256color', LANG: 'C.UTF-8', FLLM_HOME: tempDir(), ...env },
  });
  let buffer = '';
  term.onData((d) => { buffer += d; });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    output: () => buffer,
    write: (s) => term.write(s),
    resize: (cols, rows) => term.resize(cols, rows),
    kill: (signal) => term.kill(signal),
    exited,
    waitFor: (text, timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        const hit = typeof text === 'string' ? buffer.includes(text) : text.test(buffer);
        if (hit) return resolve();
        if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${String(text)}; screen so far:\n${buffer}`));
        setTimeout(tick, 25);
      };
      tick();
    }),
  };
}

