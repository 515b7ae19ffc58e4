import { describe, expect, it } from 'vitest';
import { dropUnsignedThinking } from '../../../src/protocols/messages/unsigned-thinking.ts';

const signed = { type: 'thinking', thinking: 'real', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDIrE0CBJdHYrfGRMiMFoNeR5DO6ezxV1wTIm2ok7Vw05dPmrSPEt8qN0ECx8Z' };
const unsigned = { type: 'thinking', thinking: 'from a chat backend', signature: '' };
const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'a' } };
const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] };

describe('dropUnsignedThinking', () => {
  it('returns the very same body when every thinking block is signed', () => {
    const body = { model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [signed, { type: 'text', text: 'A' }] }] };
    expect(dropUnsignedThinking(body)).toEqual({ body, notes: [] });
    expect(dropUnsignedThinking(body).body).toBe(body);
  });

  it('removes unsigned thinking from earlier turns and keeps thinking on', () => {
    const body = {
      thinking: { type: 'enabled', budget_tokens: 31999 },
      messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [unsigned, toolUse] }, result, { role: 'assistant', content: [signed, { type: 'text', text: 'done' }] }, { role: 'user', content: 'next' }],
    };
    const { body: out, notes } = dropUnsignedThinking(body);
    expect((out as typeof body).messages[1]).toEqual({ role: 'assistant', content: [toolUse] });
    expect((out as typeof body).thinking).toEqual(body.thinking);
    expect(notes).toEqual(['unsigned thinking blocks removed for Anthropic']);
    expect(body.messages[1]!.content).toHaveLength(2); // the client's body is not changed
  });

  it('drops thinking for the request when the turn in progress lost its thinking', () => {
    const body = { thinking: { type: 'adaptive' }, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [unsigned, toolUse] }, result] };
    const { body: out, notes } = dropUnsignedThinking(body);
    expect(out).not.toHaveProperty('thinking');
    expect(notes).toContain('thinking dropped: the last assistant turn has no signed thinking');
  });

  it('removes an assistant turn left with nothing', () => {
    const body = { messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [unsigned] }, { role: 'user', content: 'again' }] };
    expect((dropUnsignedThinking(body).body as typeof body).messages).toEqual([{ role: 'user', content: 'q' }, { role: 'user', content: 'again' }]);
  });
});
