// `fllm init DIR`: an example notes folder that shows every feature of the format.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { writeOut } from '../ui/output.js';
import { detectLang } from '../i18n.js';
import type { GlobalOptions } from './context.js';

const FENCE = '```';

export const EXAMPLE_FILES: Record<string, string> = {
  '01-attention.md': `---
title: Attention
summary: How a model decides which earlier words matter for the next one.
---

# Attention

Everything before the first \`##\` heading is the chapter's introduction. Each file is a
chapter; folders and files are sorted naturally (2 before 10). See also
[the Transformer note](02-transformer/01-blocks.md#residual-connections).

## Scaled dot-product attention

Attention:: A weighted average of value vectors, with weights from how well each key matches the query.

The weights come from a softmax over scaled dot products:

$$\\mathrm{Attention}(Q,K,V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$

Dividing by $\\sqrt{d_k}$ keeps the dot products from growing with the dimension.

### Cost

| Sequence length | Pairs of positions |
| --- | --- |
| 1,000 | 1,000,000 |
| 10,000 | 100,000,000 |

${FENCE}quiz
- id: attention-scaling
  type: single
  question: Why divide the dot products by the square root of d_k?
  choices:
    - {text: To keep their scale independent of the dimension, correct: true}
    - {text: To make attention causal}
    - {text: To save memory}
  explanation: Large dot products push the softmax into saturation; the scaling keeps them moderate. Masking, not scaling, makes attention causal.
- id: attention-quadratic
  type: truefalse
  question: Full attention compares every pair of positions.
  answer: true
  explanation: n positions give n × n scores, so the cost grows quadratically.
${FENCE}

## Masking

Causal mask:: A mask that stops each position from attending to later positions.

${FENCE}quiz
- id: attention-mask-name
  type: short
  question: What stops a decoder from looking at future tokens?
  answers: [causal mask, attention mask, mask]
  explanation: The causal mask sets the scores of later positions to minus infinity before the softmax.
${FENCE}
`,
  '02-transformer/01-blocks.md': `# Transformer blocks

## Residual connections

Residual connection:: Adding a layer's input to its output, so that each layer learns a change.

They let gradients flow through deep stacks. Back to [attention](../01-attention.md).

## Layer normalization

Normalizes each vector to zero mean and unit variance, then rescales it.
`,
  '02-transformer/02-对齐.md': `# 对齐

中文文件名和中文笔记都可以。

## 什么是对齐

对齐:: 让模型的行为符合人的意图与偏好。

${FENCE}quiz
- id: alignment-order
  type: order
  question: 按顺序排列 RLHF 的三个阶段。
  items: [监督微调, 训练奖励模型, 强化学习优化策略]
  explanation: 先监督微调，再用人类偏好数据训练奖励模型，最后用强化学习优化。
${FENCE}
`,
  'glossary.yaml': `# Concepts that are not written as \`Term:: definition\` in the notes.
- term: softmax
  aliases: [normalized exponential]
  definition: Turns scores into probabilities that are positive and sum to one.
  related: [attention]
- term: layer normalization
  aliases: [LayerNorm]
  definition: Normalizes each vector to zero mean and unit variance, then applies a learned scale and shift.
  ref: "2.2"
`,
};

export async function initNotes(dir: string, opts: GlobalOptions): Promise<void> {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new UsageError({ en: `${target} is not empty: give a new or empty folder, e.g. fllm init my-notes`, zh: `${target} 不是空文件夹：请给一个新的或空的文件夹，例如 fllm init my-notes` });
  }
  try {
    for (const [path, text] of Object.entries(EXAMPLE_FILES)) {
      mkdirSync(join(target, path, '..'), { recursive: true });
      writeFileSync(join(target, path), text);
    }
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DataError({ en: `cannot write ${target} (${why})`, zh: `无法写入 ${target}（${why}）` }, { cause: e });
  }
  const zh = detectLang(opts.lang) === 'zh';
  writeOut(zh
    ? `已在 ${target} 创建示例笔记。试试：\n  fllm --notes ${dir} toc\n  fllm --notes ${dir} quiz\n  fllm check ${dir}`
    : `example notes written to ${target}. Try:\n  fllm --notes ${dir} toc\n  fllm --notes ${dir} quiz\n  fllm check ${dir}`);
}
