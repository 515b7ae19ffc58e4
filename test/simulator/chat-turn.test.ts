import { describe, expect, it } from 'vitest';
import { argumentsFor, planChatTurn } from '../../src/simulator/chat-turn.ts';
import { capturedBody } from './sim-support.ts';

const who = { name: 'a', model: 'sim-fast' };
const GREETING = 'Hello from the a backend, answering as model sim-fast.';
const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

/** Codex's function tools as the gateway hands them to a chat backend: `{type, function: {name, parameters}}`. */
function codexChatTools(): unknown[] {
  const tools = capturedBody('codex-exec-tool.json').tools as Array<{ type: string; name: string; parameters: unknown }>;
  return tools.filter((t) => t.type === 'function').map((t) => ({ type: 'function', function: { name: t.name, parameters: t.parameters } }));
}

/** Claude Code's tools in chat shape (`input_schema` → `parameters`), Bash first. */
function claudeCodeChatTools(): unknown[] {
  const tools = capturedBody('claude-code-print-tool.json').tools as Array<{ name: string; input_schema: unknown }>;
  const bash = tools.find((t) => t.name === 'Bash')!;
  return [bash, ...tools.filter((t) => t !== bash)].map((t) => ({ type: 'function', function: { name: t.name, parameters: t.input_schema } }));
}

describe('planChatTurn', () => {
  it('answers the greeting when no tools are offered, even if the prompt says "tool"', () => {
    expect(planChatTurn({ messages: [{ role: 'user', content: 'use a tool' }] }, who)).toEqual({ kind: 'text', text: GREETING });
  });

  it('answers a plain "say hi" in text although Codex offers its tools', () => {
    const messages = [{ role: 'system', content: 'You are a coding agent' }, { role: 'user', content: [{ type: 'text', text: 'say hi' }] }];
    expect(planChatTurn({ messages, tools: codexChatTools() }, who)).toEqual({ kind: 'text', text: GREETING });
  });

  it('calls the first function tool when the last user message asks for a tool', () => {
    const plan = planChatTurn({ messages: [{ role: 'user', content: 'Weather in Paris? Use the tool.' }], tools: [weather] }, who);
    expect(plan).toEqual({ kind: 'tool-call', name: 'get_weather', arguments: '{"city":"sim"}' });
  });

  it('reads the word "tool" in text parts, and skips tools that are not functions', () => {
    const tools = [{ type: 'custom', custom: { name: 'apply_patch' } }, weather];
    const plan = planChatTurn({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Call your TOOLS' }] }], tools }, who);
    expect(plan).toMatchObject({ kind: 'tool-call', name: 'get_weather' });
  });

  it("answers Claude Code's \"say hi\" in text: the system reminders it adds to the user's turn talk about tools", () => {
    const content = '<system-reminder>\nAs you answer, you can use the following tools: Bash, Read.\n</system-reminder>\n\nsay hi';
    expect(planChatTurn({ messages: [{ role: 'user', content }], tools: claudeCodeChatTools() }, who)).toEqual({ kind: 'text', text: GREETING });
    const asks = '<system-reminder>\nNothing about it here.\n</system-reminder>\nuse a tool';
    expect(planChatTurn({ messages: [{ role: 'user', content: asks }], tools: [weather] }, who).kind).toBe('tool-call');
  });

  it('does not take "tool" inside another word as the trigger', () => {
    expect(planChatTurn({ messages: [{ role: 'user', content: 'a toolbox and stools' }], tools: [weather] }, who).kind).toBe('text');
  });

  it('does not call a tool when the last message is not from the user', () => {
    const messages = [{ role: 'user', content: 'use the tool' }, { role: 'system', content: 'Environment: linux' }];
    expect(planChatTurn({ messages, tools: claudeCodeChatTools() }, who).kind).toBe('text');
  });

  it('calls Claude Code\'s Bash tool with its one required property, command', () => {
    const plan = planChatTurn({ messages: [{ role: 'user', content: 'run echo hi with a tool' }], tools: claudeCodeChatTools() }, who);
    expect(plan).toEqual({ kind: 'tool-call', name: 'Bash', arguments: '{"command":"sim"}' });
  });

  it('answers with the length of the tool result once it comes back', () => {
    const messages = [
      { role: 'user', content: 'use the tool' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"sim"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
    ];
    expect(planChatTurn({ messages, tools: [weather] }, who)).toEqual({ kind: 'text', text: 'Got 13 characters from the tool.' });
  });

  it('counts a tool result given as text parts, in characters', () => {
    const messages = [{ role: 'tool', tool_call_id: 'c', content: [{ type: 'text', text: 'héllo' }, { type: 'text', text: ' 👋' }] }];
    expect(planChatTurn({ messages }, who)).toEqual({ kind: 'text', text: 'Got 7 characters from the tool.' });
  });
});

describe('argumentsFor', () => {
  it('fills each required property by type and leaves out the optional and the other types', () => {
    const schema = {
      type: 'object',
      properties: { s: { type: 'string' }, n: { type: 'number' }, i: { type: 'integer' }, b: { type: 'boolean' }, o: { type: 'object' }, a: { type: 'array' }, opt: { type: 'string' } },
      required: ['s', 'n', 'i', 'b', 'o', 'a'],
    };
    expect(argumentsFor(schema)).toEqual({ s: 'sim', n: 1, i: 1, b: true });
  });

  it('takes the first enum value of a string and reads nullable type lists', () => {
    const schema = { properties: { mode: { type: 'string', enum: ['fast', 'slow'] }, limit: { type: ['integer', 'null'] } }, required: ['mode', 'limit'] };
    expect(argumentsFor(schema)).toEqual({ mode: 'fast', limit: 1 });
  });

  it('gives Codex\'s exec_command its required cmd', () => {
    const execCommand = codexChatTools()[0] as { function: { name: string; parameters: unknown } };
    expect(execCommand.function.name).toBe('exec_command');
    expect(argumentsFor(execCommand.function.parameters)).toEqual({ cmd: 'sim' });
  });

  it('gives an empty object for a schema with no required properties, or none at all', () => {
    expect(argumentsFor({ type: 'object', properties: { x: { type: 'string' } } })).toEqual({});
    expect(argumentsFor(undefined)).toEqual({});
  });
});
