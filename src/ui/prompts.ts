// The one module that imports inquirer, so tests can mock prompts in one place.
import { select, checkbox, input } from '@inquirer/prompts';
import { InterruptedError } from '../errors.js';

const ACTIONS_ZH: Record<string, string> = { navigate: '移动', select: '选择', submit: '提交', all: '全选', invert: '反选', toggle: '勾选' };
let language: 'en' | 'zh' = 'en';

/** The language of the prompts' own key hints ("↑↓ navigate • ⏎ select"). */
export function usePromptLanguage(lang: 'en' | 'zh'): void {
  language = lang;
}

function keysHelpTip(keys: [string, string][]): string {
  return keys.map(([key, action]) => `${key} ${language === 'zh' ? ACTIONS_ZH[action] ?? action : action}`).join(' • ');
}

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

function isExit(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isExit(e)) throw new InterruptedError('interrupted', { cause: e });
    throw e;
  }
}

export function chooseOne<T>(message: string, choices: Choice<T>[], options: { pageSize?: number; default?: T } = {}): Promise<T> {
  const config = { message, choices, pageSize: options.pageSize ?? 12, loop: false, theme: { style: { keysHelpTip } } };
  return guard(() => select<T>(options.default === undefined ? config : { ...config, default: options.default }));
}

export function chooseMany<T>(message: string, choices: Choice<T>[]): Promise<T[]> {
  return guard(() => checkbox<T>({ message, choices, pageSize: 12, loop: false, theme: { style: { keysHelpTip } } }));
}

export function askText(message: string): Promise<string> {
  return guard(() => input({ message }));
}
