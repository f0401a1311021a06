// The review log: one JSON line per review, written with a single append, never rewritten or
// truncated. Loading skips damaged lines and reports their numbers; a torn last line (a process
// killed mid-write) is ignored and reported. Converted to clean ReviewEvents here, once.
import { appendFileSync, mkdirSync, readFileSync, accessSync, constants, existsSync, openSync, fstatSync, readSync, closeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import type { Rating, ReviewEvent } from '../core/review-event.js';

export const LOG_FILE = 'reviews.jsonl';

export interface LoadedLog {
  events: ReviewEvent[];
  /** 1-based line numbers of lines that could not be read. */
  badLines: number[];
  /** The last line had no newline: a write was cut off. */
  tornLastLine: boolean;
  path: string;
}

export function logPath(dataDir: string): string {
  return join(dataDir, LOG_FILE);
}

const SOURCES = new Set(['quiz', 'review', 'import']);

/** Stored JSON → ReviewEvent, or null when the line is not a valid review. */
export function toReviewEvent(raw: unknown): ReviewEvent | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (r.v !== 1 || typeof r.id !== 'string' || !r.id || typeof r.card !== 'string' || !r.card) return null;
  if (typeof r.at !== 'string') return null;
  const at = new Date(r.at);
  if (Number.isNaN(at.getTime())) return null;
  if (r.rating !== 1 && r.rating !== 2 && r.rating !== 3 && r.rating !== 4) return null;
  const source = typeof r.source === 'string' && SOURCES.has(r.source) ? (r.source as ReviewEvent['source']) : 'review';
  const event: ReviewEvent = { id: r.id, card: r.card, at, rating: r.rating as Rating, source };
  if (typeof r.correct === 'boolean') event.correct = r.correct;
  if (typeof r.answer === 'string') event.answer = r.answer.slice(0, 500);
  if (typeof r.ms === 'number' && Number.isFinite(r.ms)) event.ms = r.ms;
  return event;
}

export function serializeEvent(e: ReviewEvent): string {
  const out: Record<string, unknown> = { v: 1, id: e.id, card: e.card, at: e.at.toISOString(), rating: e.rating, source: e.source };
  if (e.correct !== undefined) out.correct = e.correct;
  if (e.answer !== undefined) out.answer = e.answer.slice(0, 500);
  if (e.ms !== undefined) out.ms = Math.round(e.ms);
  return JSON.stringify(out);
}

export function parseLog(text: string, path: string): LoadedLog {
  const events: ReviewEvent[] = [];
  const badLines: number[] = [];
  const tornLastLine = text.length > 0 && !text.endsWith('\n');
  const lines = text.split('\n');
  if (!tornLastLine) lines.pop(); // the empty string after the final newline
  lines.forEach((line, i) => {
    const isLast = i === lines.length - 1;
    if (tornLastLine && isLast) return;
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      badLines.push(i + 1);
      return;
    }
    const event = toReviewEvent(parsed);
    if (event) events.push(event);
    else badLines.push(i + 1);
  });
  return { events, badLines, tornLastLine, path };
}

export function loadLog(dataDir: string): LoadedLog {
  const path = logPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], badLines: [], tornLastLine: false, path };
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DataError({ en: `cannot read the review log ${path} (${why}): check its permissions`, zh: `无法读取复习记录 ${path}（${why}）：请检查文件权限` }, { cause: e });
  }
  return parseLog(text, path);
}

/** One line per problem, for stderr. */
export function logWarnings(log: LoadedLog, lang: 'en' | 'zh' = 'en'): string[] {
  const out: string[] = [];
  const zh = lang === 'zh';
  if (log.badLines.length) {
    const n = log.badLines.length;
    const shown = log.badLines.slice(0, 10).join(', ') + (n > 10 ? ', …' : '');
    out.push(zh
      ? `${log.path}：跳过了 ${n} 行无法读取的记录（第 ${shown} 行）；其余复习记录完好`
      : `${log.path}: skipped ${n} unreadable line${n === 1 ? '' : 's'} (line ${shown}); the other reviews are intact`);
  }
  if (log.tornLastLine) {
    out.push(zh
      ? `${log.path}：最后一行在写入时被中断，已忽略；之前的复习记录完好`
      : `${log.path}: the last line was cut off mid-write and is ignored; earlier reviews are intact`);
  }
  return out;
}

export function newEventId(): string {
  return randomUUID();
}

/** Check before a session that reviews can be saved, so nobody answers 20 questions for nothing. */
export function ensureWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    const path = logPath(dataDir);
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DataError({ en: `cannot save reviews in ${dataDir} (${why}): make it writable or set FLLM_HOME to a writable folder`, zh: `无法在 ${dataDir} 保存复习记录（${why}）：请让它可写，或把 FLLM_HOME 设为可写的文件夹` }, { cause: e });
  }
}

/**
 * Append events with one write: O_APPEND makes concurrent writers from several processes land
 * whole lines one after another. A line torn by a crash is followed by a newline first, so it
 * stays one bad line instead of swallowing the next review.
 */
export function appendEvents(dataDir: string, events: ReviewEvent[]): void {
  if (events.length === 0) return;
  const path = logPath(dataDir);
  let prefix = '';
  try {
    mkdirSync(dataDir, { recursive: true });
    if (existsSync(path)) {
      const text = readFileTail(path);
      if (text.length > 0 && !text.endsWith('\n')) prefix = '\n';
    }
    appendFileSync(path, prefix + events.map(serializeEvent).join('\n') + '\n', { flag: 'a' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is not writable' : code || (e as Error).message;
    const whyZh = code === 'ENOSPC' ? '磁盘已满' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? '没有写权限' : why;
    throw new DataError({ en: `cannot save the review in ${path} (${why}); the log is unchanged: free space or fix permissions, or set FLLM_HOME`, zh: `无法把这次复习写入 ${path}（${whyZh}）；已有记录未受影响：请腾出空间或修正权限，或设置 FLLM_HOME` }, { cause: e });
  }
}

function readFileTail(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return '';
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, size - 1);
    return byte.toString('latin1');
  } finally {
    closeSync(fd);
  }
}
