import type { ChatContentPart } from './chat-types.ts';
import { at, isRecord, list, optionalText, record, text, type JsonObject } from './read.ts';
import { TranslationError, unsupported } from './translation-error.ts';

/** A block's `type`, required to be a string. */
export function blockType(block: JsonObject, path: string): string {
  return text(block.type, at(path, 'type'));
}

/** A user-side content block (text, image, document, search result) as chat content parts. */
export function userParts(block: JsonObject, path: string): ChatContentPart[] {
  const type = blockType(block, path);
  switch (type) {
    case 'text':
      return [{ type: 'text', text: text(block.text, at(path, 'text')) }];
    case 'image':
      return [imagePart(block, path)];
    case 'document':
      return documentParts(block, path);
    case 'search_result':
      return [{ type: 'text', text: searchResultText(block, path) }];
    default:
      return unsupported(at(path, 'type'), `"${type}"`);
  }
}

/** An image block: a base64 source becomes a data URL, a url source stays a URL. */
export function imagePart(block: JsonObject, path: string): ChatContentPart {
  const sourcePath = at(path, 'source');
  const source = record(block.source, sourcePath);
  const kind = text(source.type, at(sourcePath, 'type'));
  if (kind === 'base64') {
    const mediaType = text(source.media_type, at(sourcePath, 'media_type'));
    return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${text(source.data, at(sourcePath, 'data'))}` } };
  }
  if (kind === 'url') return { type: 'image_url', image_url: { url: text(source.url, at(sourcePath, 'url')) } };
  // A `file` source names an upload in Anthropic's Files API, which no chat backend can read.
  return unsupported(at(sourcePath, 'type'), `"${kind}"`);
}

/** A document: plain text and inline content translate; PDFs and uploaded files do not. */
function documentParts(block: JsonObject, path: string): ChatContentPart[] {
  const sourcePath = at(path, 'source');
  const source = record(block.source, sourcePath);
  const kind = text(source.type, at(sourcePath, 'type'));
  const title = optionalText(block.title, at(path, 'title'));
  const heading: ChatContentPart[] = title ? [{ type: 'text', text: `Document: ${title}` }] : [];
  if (kind === 'text') return [...heading, { type: 'text', text: text(source.data, at(sourcePath, 'data')) }];
  if (kind === 'content') {
    const content = source.content;
    if (typeof content === 'string') return [...heading, { type: 'text', text: content }];
    const contentPath = at(sourcePath, 'content');
    return [...heading, ...list(content, contentPath).flatMap((item, i) => nestedParts(item, at(contentPath, i)))];
  }
  const what = kind === 'base64' || kind === 'url' ? `(a ${kind} PDF document)` : `"${kind}"`;
  throw new TranslationError(at(sourcePath, 'type'), `${at(sourcePath, 'type')} ${what} is not supported on a chat completions backend: send the document as text`);
}

/** Text and images nested inside a document or a tool result. */
function nestedParts(item: unknown, path: string): ChatContentPart[] {
  const block = record(item, path);
  const type = blockType(block, path);
  if (type === 'text') return [{ type: 'text', text: text(block.text, at(path, 'text')) }];
  if (type === 'image') return [imagePart(block, path)];
  return unsupported(at(path, 'type'), `"${type}"`);
}

function searchResultText(block: JsonObject, path: string): string {
  const title = text(block.title, at(path, 'title'));
  const source = text(block.source, at(path, 'source'));
  const contentPath = at(path, 'content');
  const body = list(block.content, contentPath).map((item, i) => {
    const part = record(item, at(contentPath, i));
    return text(part.text, at(at(contentPath, i), 'text'));
  });
  return [`Search result: ${title} (${source})`, ...body].join('\n');
}

/** What a `tool_result` becomes: the text of a `tool` message, and images for a user message. */
export interface ToolResultContent {
  text: string;
  images: ChatContentPart[];
}

/**
 * Flattens a tool result. Chat `tool` messages take text only at most providers, so images
 * travel in the user message that follows; `is_error` is kept as an "Error: " prefix, the
 * only way a chat model can tell a failed call from a successful one.
 */
export function toolResultContent(block: JsonObject, path: string): ToolResultContent {
  const texts: string[] = [];
  const images: ChatContentPart[] = [];
  const content = block.content;
  const contentPath = at(path, 'content');
  if (typeof content === 'string') texts.push(content);
  else if (content !== undefined && content !== null) {
    list(content, contentPath).forEach((item, i) => collectResultItem(item, at(contentPath, i), texts, images));
  }
  let joined = texts.join('\n');
  if (block.is_error === true && !/^\s*(error\b|<tool_use_error>)/i.test(joined)) joined = `Error: ${joined}`;
  return { text: joined, images };
}

function collectResultItem(item: unknown, path: string, texts: string[], images: ChatContentPart[]): void {
  const block = record(item, path);
  const type = blockType(block, path);
  if (type === 'image') images.push(imagePart(block, path));
  // Tool search answers with references; the tool itself travels in `tools` (request-tools.ts).
  else if (type === 'tool_reference') texts.push(`Tool ${text(block.tool_name, at(path, 'tool_name'))} is now available.`);
  else if (type === 'text' || type === 'document' || type === 'search_result') {
    for (const part of userParts(block, path)) {
      if (part.type === 'text') texts.push(part.text);
      else images.push(part);
    }
  } else unsupported(at(path, 'type'), `"${type}"`);
}

/** The `tool_reference` names inside a tool result, for deferred tools (request-tools.ts). */
export function toolReferences(block: JsonObject): string[] {
  if (!Array.isArray(block.content)) return [];
  const names: string[] = [];
  for (const item of block.content) {
    if (isRecord(item) && item.type === 'tool_reference' && typeof item.tool_name === 'string') names.push(item.tool_name);
  }
  return names;
}
