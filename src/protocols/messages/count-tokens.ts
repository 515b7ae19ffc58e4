import { at, isRecord, list, record, type JsonObject } from './read.ts';
import { TranslationError } from './translation-error.ts';

/** The framing a chat template adds around each message (OpenAI's cookbook counts 3). */
const MESSAGE_TOKENS = 3;
/** The framing around each tool definition. */
const TOOL_TOKENS = 8;
/**
 * An image. Its size is unknown without decoding it; Anthropic bills about 1600 tokens for
 * the largest image it does not downscale (1092×1092 px), so this errs on the high side.
 */
const IMAGE_TOKENS = 1600;
/** A PDF, per 50 kB: about one page, billed as an image of the page plus its text. */
const PDF_BYTES_PER_PAGE = 50_000;

type Count = (text: string) => number;
let loading: Promise<Count> | undefined;

/**
 * gpt-tokenizer, loaded on the first count_tokens call only (its cl100k ranks take ~200 ms
 * to load and ~20 MB): pure JS, so Node, Bun and Deno load it alike, with no WASM.
 */
function counter(): Promise<Count> {
  loading ??= import('gpt-tokenizer/encoding/cl100k_base').then(
    (module) => (text: string) => module.countTokens(text),
    (error: unknown) => {
      loading = undefined; // let a later call try again
      throw error;
    },
  );
  return loading;
}

/** What the walk over a request found: text to tokenize, and what is counted without it. */
interface Tally {
  texts: string[];
  fixed: number;
}

/**
 * An estimate of a Messages request's input tokens (system, messages, tools), for
 * `count_tokens` when the backend has no such endpoint. cl100k is close to the vocabularies
 * of the chat models a translated request goes to; it is not Claude's. Never 0.
 */
export async function estimateInputTokens(input: unknown): Promise<number> {
  if (!isRecord(input)) throw new TranslationError('', 'The request body must be a JSON object');
  const tally: Tally = { texts: [], fixed: 0 };
  if (input.system !== undefined && input.system !== null) addContent(input.system, tally);
  list(input.messages, 'messages').forEach((item, i) => {
    const message = record(item, at('messages', i));
    tally.fixed += MESSAGE_TOKENS;
    addContent(message.content, tally);
  });
  if (Array.isArray(input.tools)) {
    for (const tool of input.tools) {
      tally.fixed += TOOL_TOKENS;
      if (isRecord(tool)) tally.texts.push(typeof tool.type === 'string' && tool.type !== 'custom' ? JSON.stringify(tool) : toolText(tool));
    }
  }
  const count = await counter();
  return Math.max(1, count(tally.texts.join('\n')) + tally.fixed);
}

function toolText(tool: JsonObject): string {
  const description = typeof tool.description === 'string' ? tool.description : '';
  return `${String(tool.name)}\n${description}\n${JSON.stringify(tool.input_schema ?? {})}`;
}

function addContent(content: unknown, tally: Tally): void {
  if (typeof content === 'string') tally.texts.push(content);
  else if (Array.isArray(content)) for (const block of content) addBlock(block, tally);
  else if (content !== undefined && content !== null) tally.texts.push(JSON.stringify(content));
}

/** One block, leniently: a count should not fail on a block type it does not know. */
function addBlock(block: unknown, tally: Tally): void {
  if (!isRecord(block)) return;
  switch (block.type) {
    case 'text':
      return void tally.texts.push(String(block.text));
    case 'thinking':
      return void tally.texts.push(String(block.thinking));
    case 'image':
      tally.fixed += IMAGE_TOKENS;
      return;
    case 'tool_use':
      return void tally.texts.push(`${String(block.name)}\n${JSON.stringify(block.input ?? {})}`);
    case 'tool_result':
      return addContent(block.content, tally);
    case 'document':
      return addDocument(block, tally);
    case 'redacted_thinking':
      return;
    default:
      tally.texts.push(JSON.stringify(block));
  }
}

function addDocument(block: JsonObject, tally: Tally): void {
  const source = isRecord(block.source) ? block.source : {};
  if (source.type === 'text' && typeof source.data === 'string') tally.texts.push(source.data);
  else if (source.type === 'content') addContent(source.content, tally);
  else if (source.type === 'base64' && typeof source.data === 'string') {
    tally.fixed += Math.ceil((source.data.length * 0.75) / PDF_BYTES_PER_PAGE) * IMAGE_TOKENS;
  } else tally.fixed += IMAGE_TOKENS;
}
