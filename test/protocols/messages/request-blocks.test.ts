import { describe, expect, it } from 'vitest';
import { toolResultContent, userParts } from '../../../src/protocols/messages/request-blocks.ts';
import { TranslationError } from '../../../src/protocols/messages/translation-error.ts';

const path = 'messages[0].content[0]';

function error(fn: () => unknown): TranslationError {
  try {
    fn();
  } catch (caught) {
    if (caught instanceof TranslationError) return caught;
    throw caught;
  }
  throw new Error('expected a TranslationError');
}

describe('userParts', () => {
  it('turns a base64 image into a data URL and keeps a URL image as it is', () => {
    expect(userParts({ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }, path)).toEqual([{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }]);
    expect(userParts({ type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/a.jpg' } }, path)).toEqual([{ type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/a.jpg' } }]);
  });

  it('refuses an image from the Files API, naming the source type', () => {
    const e = error(() => userParts({ type: 'image', source: { type: 'file', file_id: 'file_011' } }, path));
    expect(e.param).toBe(`${path}.source.type`);
    expect(e.message).toBe(`${path}.source.type "file" is not supported on a chat completions backend`);
  });

  it('reads plain-text and inline-content documents as text', () => {
    expect(userParts({ type: 'document', title: 'Notes', source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' } }, path)).toEqual([
      { type: 'text', text: 'Document: Notes' },
      { type: 'text', text: 'The grass is green.' },
    ]);
    expect(userParts({ type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] } }, path)).toEqual([
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
    ]);
  });

  it('refuses a PDF document, naming the field', () => {
    const e = error(() => userParts({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } }, path));
    expect(e.param).toBe(`${path}.source.type`);
    expect(e.message).toMatch(/\(a base64 PDF document\) is not supported/);
  });

  it('reads a search result as its title, source and text', () => {
    const block = { type: 'search_result', source: 'https://example.com/a', title: 'A', content: [{ type: 'text', text: 'Body.' }] };
    expect(userParts(block, path)).toEqual([{ type: 'text', text: 'Search result: A (https://example.com/a)\nBody.' }]);
  });
});

describe('toolResultContent', () => {
  it('joins text blocks, keeps images apart, and says which tool a reference loads', () => {
    const result = toolResultContent({
      type: 'tool_result',
      tool_use_id: 't',
      content: [
        { type: 'text', text: 'one' },
        { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
        { type: 'tool_reference', tool_name: 'WebFetch' },
      ],
    }, path);
    expect(result).toEqual({ text: 'one\nTool WebFetch is now available.', images: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] });
  });

  it('reads a missing content as empty text', () => {
    expect(toolResultContent({ type: 'tool_result', tool_use_id: 't' }, path)).toEqual({ text: '', images: [] });
  });
});
