import { describe, expect, it } from 'vitest';
import { convertTools, type ToolsOptions } from '../../../src/protocols/messages/request-tools.ts';
import { TranslationError } from '../../../src/protocols/messages/translation-error.ts';

const options = (referenced: string[] = []): ToolsOptions => ({ notes: new Set(), referencedTools: new Set(referenced) });

/** The get_weather tool of Anthropic's tool use docs. */
const weather = {
  name: 'get_weather',
  description: 'Get the current weather in a given location',
  input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state' } }, required: ['location'] },
  cache_control: { type: 'ephemeral' },
};
const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 };

function param(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TranslationError) return error.param;
    throw error;
  }
  throw new Error('expected a TranslationError');
}

describe('convertTools', () => {
  it('turns input_schema into function parameters and drops cache_control', () => {
    expect(convertTools([weather], undefined, options())).toEqual({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get the current weather in a given location', parameters: weather.input_schema } }],
    });
  });

  it('maps tool_choice auto, any, a named tool and none, and disable_parallel_tool_use', () => {
    const choice = (tool_choice: unknown) => {
      const { tools: _, ...rest } = convertTools([weather], tool_choice, options());
      return rest;
    };
    expect(choice({ type: 'auto' })).toEqual({ tool_choice: 'auto' });
    expect(choice({ type: 'auto', disable_parallel_tool_use: true })).toEqual({ tool_choice: 'auto', parallel_tool_calls: false });
    expect(choice({ type: 'any' })).toEqual({ tool_choice: 'required' });
    expect(choice({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true })).toEqual({ tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false });
    expect(choice({ type: 'none' })).toEqual({ tool_choice: 'none' });
  });

  it('leaves server tools out with a note, and refuses a tool_choice that needs one', () => {
    const opts = options();
    const { tools } = convertTools([weather, webSearch, { type: 'code_execution_20250825', name: 'code_execution' }], { type: 'auto' }, opts);
    expect(tools?.map((t) => t.function.name)).toEqual(['get_weather']);
    expect([...opts.notes]).toEqual(['server tools left out: web_search, code_execution']);
    expect(param(() => convertTools([weather, webSearch], { type: 'tool', name: 'web_search' }, options()))).toBe('tool_choice.name');
    expect(param(() => convertTools([webSearch], { type: 'any' }, options()))).toBe('tool_choice.type');
  });

  it('sends no tool fields when only server tools were given', () => {
    const opts = options();
    expect(convertTools([webSearch], { type: 'auto' }, opts)).toEqual({});
    expect([...opts.notes]).toEqual(['server tools left out: web_search', 'tool_choice dropped: no tools']);
  });

  it('describes the bash and text editor client tools, which come without a schema', () => {
    const { tools } = convertTools([{ type: 'bash_20250124', name: 'bash' }, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }], undefined, options());
    expect(tools?.map((t) => t.function.name)).toEqual(['bash', 'str_replace_based_edit_tool']);
    expect(tools?.[1]?.function.parameters).toMatchObject({ required: ['command', 'path'] });
  });

  it('keeps a deferred tool out until a tool_reference has loaded it', () => {
    const deferred = { name: 'WebFetch', input_schema: { type: 'object' }, defer_loading: true };
    expect(convertTools([weather, deferred], undefined, options()).tools?.map((t) => t.function.name)).toEqual(['get_weather']);
    expect(convertTools([weather, deferred], undefined, options(['WebFetch'])).tools?.map((t) => t.function.name)).toEqual(['get_weather', 'WebFetch']);
  });

  it('names the field of a malformed tool or tool_choice', () => {
    expect(param(() => convertTools('x', undefined, options()))).toBe('tools');
    expect(param(() => convertTools([{ name: 'f' }], undefined, options()))).toBe('tools[0].input_schema');
    expect(param(() => convertTools([{ input_schema: {} }], undefined, options()))).toBe('tools[0].name');
    expect(param(() => convertTools([weather], { type: 'tool', name: 'nope' }, options()))).toBe('tool_choice.name');
    expect(param(() => convertTools([weather], { type: 'sometimes' }, options()))).toBe('tool_choice.type');
  });
});
