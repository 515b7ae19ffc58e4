import type { ChatTool, ChatToolChoice } from './chat-types.ts';
import { at, list, optionalText, record, text, type JsonObject } from './read.ts';
import { TranslationError } from './translation-error.ts';

/** The tool fields of a chat request. */
export interface ToolsTranslation {
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: false;
}

/** What the tool translation needs besides the body. */
export interface ToolsOptions {
  notes: Set<string>;
  /** Deferred tools (`defer_loading`) that a `tool_reference` in history has loaded. */
  referencedTools: Set<string>;
}

/**
 * Anthropic-defined client tools come without a schema (the API knows it); these are the
 * documented inputs of the two that agents use, so a chat model can call them too.
 */
const CLIENT_TOOL_SCHEMAS: Record<string, { description: string; parameters: Record<string, unknown> }> = {
  bash_: {
    description: 'Run a command in a persistent bash shell.',
    parameters: {
      type: 'object',
      properties: { command: { type: 'string', description: 'The command to run.' }, restart: { type: 'boolean' } },
    },
  },
  text_editor_: {
    description: 'View, create and edit text files.',
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', enum: ['view', 'create', 'str_replace', 'insert', 'undo_edit'] },
        path: { type: 'string' },
        file_text: { type: 'string' },
        old_str: { type: 'string' },
        new_str: { type: 'string' },
        insert_line: { type: 'integer' },
        view_range: { type: 'array', items: { type: 'integer' } },
      },
      required: ['command', 'path'],
    },
  },
};

function clientToolSchema(type: string): (typeof CLIENT_TOOL_SCHEMAS)[string] | undefined {
  for (const prefix in CLIENT_TOOL_SCHEMAS) if (type.startsWith(prefix)) return CLIENT_TOOL_SCHEMAS[prefix];
  return undefined;
}

/**
 * `tools` and `tool_choice` as chat function tools. Anthropic's server tools (web search,
 * web fetch, code execution, tool search … any versioned `type` we cannot describe) are left
 * out with a note: the turn can still be answered, unless `tool_choice` demands one of them.
 */
export function convertTools(tools: unknown, toolChoice: unknown, options: ToolsOptions): ToolsTranslation {
  const functions: ChatTool[] = [];
  const left: string[] = [];
  if (tools !== undefined && tools !== null) {
    list(tools, 'tools').forEach((item, i) => {
      const tool = convertTool(record(item, at('tools', i)), at('tools', i), options);
      if (typeof tool === 'string') left.push(tool);
      else if (tool) functions.push(tool);
    });
  }
  if (left.length > 0) options.notes.add(`server tools left out: ${left.join(', ')}`);
  const names = new Set(functions.map((tool) => tool.function.name));
  const choice = convertChoice(toolChoice, names, left);
  if (functions.length === 0) {
    if (choice.tool_choice !== undefined && choice.tool_choice !== 'none') options.notes.add('tool_choice dropped: no tools');
    return {};
  }
  return { tools: functions, ...choice };
}

/** A chat tool, the name of a server tool left out, or undefined for a deferred tool not loaded. */
function convertTool(tool: JsonObject, path: string, options: ToolsOptions): ChatTool | string | undefined {
  const name = text(tool.name, at(path, 'name'));
  const type = optionalText(tool.type, at(path, 'type'));
  if (type === undefined || type === 'custom') {
    if (tool.defer_loading === true && !options.referencedTools.has(name)) {
      options.notes.add('deferred tools not loaded yet left out');
      return undefined;
    }
    const parameters = record(tool.input_schema, at(path, 'input_schema'));
    const description = optionalText(tool.description, at(path, 'description'));
    // Fields written out: on Node 20, a spread between keys takes V8's slow path (docs/performance.md).
    const fn: ChatTool['function'] = { name, parameters };
    if (description !== undefined) fn.description = description;
    return { type: 'function', function: fn };
  }
  const known = clientToolSchema(type);
  return known ? { type: 'function', function: { name, ...known } } : name;
}

function convertChoice(value: unknown, names: Set<string>, left: string[]): Omit<ToolsTranslation, 'tools'> {
  if (value === undefined || value === null) return {};
  const choice = record(value, 'tool_choice');
  const type = text(choice.type, 'tool_choice.type');
  const parallel = choice.disable_parallel_tool_use === true ? { parallel_tool_calls: false as const } : {};
  switch (type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'none':
      return { tool_choice: 'none' };
    case 'any':
      if (names.size === 0 && left.length > 0) {
        throw new TranslationError('tool_choice.type', `tool_choice.type "any" needs a tool, and the only tools are server tools (${left.join(', ')}), which a chat completions backend does not have`);
      }
      return { tool_choice: 'required', ...parallel };
    case 'tool': {
      const name = text(choice.name, 'tool_choice.name');
      if (left.includes(name)) throw new TranslationError('tool_choice.name', `tool_choice.name "${name}" is a server tool, which a chat completions backend does not have`);
      if (!names.has(name)) throw new TranslationError('tool_choice.name', `tool_choice.name "${name}" names no tool in tools`);
      return { tool_choice: { type: 'function', function: { name } }, ...parallel };
    }
    default:
      throw new TranslationError('tool_choice.type', `tool_choice.type must be "auto", "any", "tool" or "none", not "${type}"`);
  }
}
