import { describe, expect, it } from 'vitest';
import { convertConversation, type ConversationOptions } from '../../../src/protocols/messages/request-messages.ts';
import { TranslationError } from '../../../src/protocols/messages/translation-error.ts';

const options = (replayReasoning = false): ConversationOptions => ({ replayReasoning, notes: new Set(), referencedTools: new Set() });
const convert = (system: unknown, messages: unknown, opts = options()) => convertConversation(system, messages, opts);

/** The tool-use round trip of Anthropic's tool use docs. */
const weatherTurns = [
  { role: 'user', content: "What's the weather like in San Francisco?" },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: "I'll check the weather." },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA' } },
      { type: 'tool_use', id: 'toolu_02B', name: 'get_time', input: { timezone: 'America/Los_Angeles' } },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees' },
      { type: 'tool_result', tool_use_id: 'toolu_02B', content: [{ type: 'text', text: '10:00' }, { type: 'text', text: 'PST' }] },
      { type: 'text', text: 'And tomorrow?' },
    ],
  },
];

describe('convertConversation', () => {
  it('puts the system prompt (string or text blocks with cache_control) first', () => {
    expect(convert('Be brief.', [{ role: 'user', content: 'hi' }])[0]).toEqual({ role: 'system', content: 'Be brief.' });
    const blocks = [{ type: 'text', text: 'One.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Two.' }];
    expect(convert(blocks, [{ role: 'user', content: 'hi' }])[0]).toEqual({ role: 'system', content: 'One.\nTwo.' });
  });

  it('places one tool message per result, in order, right after the assistant turn, then the user text', () => {
    const messages = convert(undefined, weatherTurns);
    expect(messages).toEqual([
      { role: 'user', content: "What's the weather like in San Francisco?" },
      {
        role: 'assistant',
        content: "I'll check the weather.",
        tool_calls: [
          { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' } },
          { id: 'toolu_02B', type: 'function', function: { name: 'get_time', arguments: '{"timezone":"America/Los_Angeles"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees' },
      { role: 'tool', tool_call_id: 'toolu_02B', content: '10:00\nPST' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
  });

  it('moves images a tool returned into a user message after the tool messages', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    const messages = convert(undefined, [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Captured.' }, image] }] },
    ]);
    expect(messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_1', content: 'Captured.' },
      { role: 'user', content: [{ type: 'text', text: 'Images returned by tool call toolu_1:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    ]);
  });

  it('marks an error result so a chat model can tell it failed', () => {
    const [, , tool] = convert(undefined, [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: { command: 'false' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: true, content: 'exit code 1' }] },
    ]);
    expect(tool).toEqual({ role: 'tool', tool_call_id: 't', content: 'Error: exit code 1' });
    const wrapped = convert(undefined, [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: true, content: '<tool_use_error>No such file</tool_use_error>' }] }]);
    expect(wrapped[0]).toMatchObject({ content: '<tool_use_error>No such file</tool_use_error>' });
  });

  it('replays thinking as reasoning_content when asked, else drops it with a note', () => {
    const turns = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Let me see.', signature: 'EqQB' }, { type: 'redacted_thinking', data: 'EmwK' }, { type: 'text', text: 'A.' }] },
      { role: 'user', content: 'and?' },
    ];
    const replayed = options(true);
    expect(convert(undefined, turns, replayed)[1]).toEqual({ role: 'assistant', content: 'A.', reasoning_content: 'Let me see.' });
    expect([...replayed.notes]).toEqual(['redacted_thinking blocks in history dropped']);
    const dropped = options(false);
    expect(convert(undefined, turns, dropped)[1]).toEqual({ role: 'assistant', content: 'A.' });
    expect([...dropped.notes]).toContain('thinking blocks in history dropped');
  });

  it('leaves out an assistant turn with nothing but thinking, and merges the user turns around it', () => {
    const messages = convert(undefined, [
      { role: 'user', content: 'one' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }] },
      { role: 'user', content: 'two' },
    ]);
    expect(messages).toEqual([{ role: 'user', content: 'one\ntwo' }]);
  });

  it('takes leading system messages into the system prompt and later ones into the next user turn', () => {
    const messages = convert('Top.', [
      { role: 'system', content: 'Also first.' },
      { role: 'user', content: 'hi' },
      { role: 'system', content: [{ type: 'text', text: 'Reminder.' }] },
      { role: 'assistant', content: 'hello' },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'Top.\nAlso first.' },
      { role: 'user', content: 'hi\n<system-reminder>\nReminder.\n</system-reminder>' },
      { role: 'assistant', content: 'hello' },
    ]);
  });

  it('never puts a system reminder between tool calls and their results', () => {
    const messages = convert(undefined, [
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] },
      { role: 'system', content: 'Between.' },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
    ]);
    expect(messages.map((m) => m.role)).toEqual(['assistant', 'tool', 'user']);
  });

  it('drops server tool blocks from history with a note and notes a prefill', () => {
    const opts = options();
    const messages = convert(undefined, [
      { role: 'user', content: 'news?' },
      { role: 'assistant', content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        { type: 'text', text: 'Here is the news.' },
      ] },
    ], opts);
    expect(messages[1]).toEqual({ role: 'assistant', content: 'Here is the news.' });
    expect([...opts.notes]).toEqual(['server tool blocks in history dropped', 'a final assistant message (prefill) is sent as history, not continued']);
  });

  it('collects tool_reference names from tool search results', () => {
    const opts = options();
    convert(undefined, [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'tool_reference', tool_name: 'WebFetch' }] }] }], opts);
    expect([...opts.referencedTools]).toEqual(['WebFetch']);
  });

  it('names the field of a bad role, content or block', () => {
    const param = (messages: unknown) => {
      try {
        convert(undefined, messages);
      } catch (error) {
        return (error as TranslationError).param;
      }
      return undefined;
    };
    expect(param([{ role: 'tool', content: 'x' }])).toBe('messages[0].role');
    expect(param([{ role: 'user', content: 5 }])).toBe('messages[0].content');
    expect(param([{ role: 'user', content: [{ type: 'audio' }] }])).toBe('messages[0].content[0].type');
    expect(param([{ role: 'assistant', content: [{ type: 'image', source: {} }] }])).toBe('messages[0].content[0].type');
    expect(param([{ role: 'user', content: [{ type: 'tool_result' }] }])).toBe('messages[0].content[0].tool_use_id');
    expect(param(['hi'])).toBe('messages[0]');
  });
});
