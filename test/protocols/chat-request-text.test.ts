import { describe, expect, it } from 'vitest';
import { chatRequestText } from '../../src/protocols/chat-request-text.ts';

describe('chatRequestText', () => {
  it('writes the request asking for the given model, and leaves the translation as it was', () => {
    const chat = { model: 'asked', messages: [{ role: 'user', content: 'hi' }] };
    expect(JSON.parse(chatRequestText(chat, 'forced'))).toEqual({ model: 'forced', messages: chat.messages });
    expect(chat.model).toBe('asked');
  });

  it("keeps the client's model when the backend forces none", () => {
    expect(JSON.parse(chatRequestText({ model: 'asked' }, undefined))).toEqual({ model: 'asked' });
  });
});
