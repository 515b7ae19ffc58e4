import type { ChatContentPart } from './chat-types.ts';
import { TranslationError } from './errors.ts';
import { isObject, shown, stringOf, type JsonObject } from './json.ts';

// Text-only content goes as one string: several chat providers (DeepSeek among them) take no
// content arrays, and system or assistant arrays are refused more widely still.
const JOIN = '\n\n';
const TEXT_TYPES = new Set(['input_text', 'output_text', 'text', 'summary_text', 'reasoning_text']);

/** The text of a text-only message (system, developer, assistant); anything else is refused. */
export function textContent(content: unknown, path: string, role: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new TranslationError(`${path}.content`, `${path}.content must be a string or an array`);
  let text = '';
  content.forEach((part, j) => {
    const at = `${path}.content[${j}]`;
    const piece = isObject(part) ? textOf(part) : undefined;
    if (piece === undefined) throw unsupported(part, at, `in a ${role} message`);
    text = j === 0 ? piece : `${text}${JOIN}${piece}`;
  });
  return text;
}

/** The content of a user message: one string when it is all text, else chat content parts. */
export function userContent(content: unknown, path: string): string | ChatContentPart[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new TranslationError(`${path}.content`, `${path}.content must be a string or an array`);
  const parts = content.map((part, j) => contentPart(part, `${path}.content[${j}]`));
  return parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join(JOIN) : parts;
}

/** A tool's output: its text for the tool message, and any images or files, which chat only takes from a user. */
export function toolOutput(output: unknown, path: string): { text: string; media: ChatContentPart[] } {
  if (typeof output === 'string') return { text: output, media: [] };
  if (!Array.isArray(output)) throw new TranslationError(`${path}.output`, `${path}.output must be a string or an array`);
  const texts: string[] = [];
  const media: ChatContentPart[] = [];
  output.forEach((part, j) => {
    const converted = contentPart(part, `${path}.output[${j}]`);
    if (converted.type === 'text') texts.push(converted.text);
    else media.push(converted);
  });
  return { text: texts.length > 0 ? texts.join(JOIN) : media.length > 0 ? '(the tool returned the attachments below)' : '', media };
}

function contentPart(part: unknown, path: string): ChatContentPart {
  if (!isObject(part)) throw new TranslationError(path, `${path} must be an object`);
  const text = textOf(part);
  if (text !== undefined) return { type: 'text', text };
  if (part.type === 'input_image') return imagePart(part, path);
  if (part.type === 'input_file') return filePart(part, path);
  if (part.type === 'input_audio' && isObject(part.input_audio)) {
    const { data, format } = part.input_audio;
    if (typeof data === 'string' && typeof format === 'string') return { type: 'input_audio', input_audio: { data, format } };
  }
  throw unsupported(part, path, '');
}

function textOf(part: JsonObject): string | undefined {
  if (typeof part.type !== 'string') return undefined;
  if (TEXT_TYPES.has(part.type)) return stringOf(part.text);
  return part.type === 'refusal' ? stringOf(part.refusal) : undefined;
}

function imagePart(part: JsonObject, path: string): ChatContentPart {
  const url = stringOf(part.image_url);
  if (url === undefined) {
    if (part.file_id !== undefined && part.file_id !== null) {
      throw new TranslationError(`${path}.file_id`, `${path}.file_id: images uploaded to OpenAI's file store cannot be sent to a chat completions backend; send image_url (a URL or a data: URL) instead`);
    }
    throw new TranslationError(`${path}.image_url`, `${path}.image_url must be a string`);
  }
  const detail = stringOf(part.detail);
  return { type: 'image_url', image_url: detail && detail !== 'auto' ? { url, detail } : { url } };
}

function filePart(part: JsonObject, path: string): ChatContentPart {
  const data = stringOf(part.file_data);
  if (data === undefined) {
    const field = part.file_id !== undefined && part.file_id !== null ? 'file_id' : 'file_url';
    throw new TranslationError(`${path}.${field}`, `${path}.${field}: files by id or URL cannot be sent to a chat completions backend; send file_data instead`);
  }
  const filename = stringOf(part.filename);
  return { type: 'file', file: filename === undefined ? { file_data: data } : { file_data: data, filename } };
}

function unsupported(part: unknown, path: string, where: string): TranslationError {
  const type = isObject(part) ? shown(part.type) : shown(part);
  return new TranslationError(`${path}.type`, `${path}.type ${type} is not supported${where ? ` ${where}` : ''}`);
}
