// The one module that imports inquirer, so tests can mock prompts in one place.
import { select, checkbox, input } from '@inquirer/prompts';
import { InterruptedError } from '../errors.js';

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

export function chooseOne<T>(message: string, choices: Choice<T>[], pageSize = 12): Promise<T> {
  return guard(() => select<T>({ message, choices, pageSize, loop: false }));
}

export function chooseMany<T>(message: string, choices: Choice<T>[]): Promise<T[]> {
  return guard(() => checkbox<T>({ message, choices, pageSize: 12, loop: false }));
}

export function askText(message: string): Promise<string> {
  return guard(() => input({ message }));
}
