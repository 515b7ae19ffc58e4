import type { ChatTool, ChatToolChoice } from './chat-types.ts';
import { TranslationError } from './errors.ts';
import { isObject, shown, stringOf, type JsonObject } from './json.ts';

/** What the client declared behind a chat function name, so calls are answered in its terms. */
export type ToolKind = { type: 'function' | 'custom'; name: string; namespace?: string };

/** Chat function name → the client's tool; the answer translators read it. */
export type ToolMap = ReadonlyMap<string, ToolKind>;

/** The chat name of a tool declared inside a namespace tool (chat has no namespaces). */
export function chatToolName(name: string, namespace?: string): string {
  return namespace ? `${namespace}__${name}` : name;
}

/** The chat tools of a request, what they map back to, and the built-in tools left out. */
export type TranslatedTools = { tools: ChatTool[]; map: Map<string, ToolKind>; dropped: string[] };

/** Translates `tools`: functions as they are, custom tools as one-string functions, namespaces flattened. */
export function translateTools(tools: unknown): TranslatedTools {
  const out: TranslatedTools = { tools: [], map: new Map(), dropped: [] };
  if (tools === undefined || tools === null) return out;
  if (!Array.isArray(tools)) throw new TranslationError('tools', 'tools must be an array');
  tools.forEach((tool, i) => addTool(out, tool, `tools[${i}]`));
  return out;
}

function addTool(out: TranslatedTools, tool: unknown, path: string, namespace?: string): void {
  if (!isObject(tool)) throw new TranslationError(path, `${path} must be an object`);
  const type = stringOf(tool.type);
  if (type === 'function' || type === 'custom') {
    const name = stringOf(tool.name);
    if (!name) throw new TranslationError(`${path}.name`, `${path}.name must be a non-empty string`);
    const chatName = chatToolName(name, namespace);
    out.tools.push(type === 'function' ? functionTool(tool, chatName) : customTool(tool, chatName, path));
    out.map.set(chatName, namespace ? { type, name, namespace } : { type, name });
  } else if (type === 'namespace' && !namespace) {
    const name = stringOf(tool.name);
    if (!name) throw new TranslationError(`${path}.name`, `${path}.name must be a non-empty string`);
    if (!Array.isArray(tool.tools)) throw new TranslationError(`${path}.tools`, `${path}.tools must be an array`);
    tool.tools.forEach((inner, j) => addTool(out, inner, `${path}.tools[${j}]`, name));
  } else {
    // Built-in tools run on OpenAI's side; a chat backend cannot run them, and the request can
    // still be answered without them (clients such as Codex send web_search by default).
    out.dropped.push(type ?? shown(tool.type));
  }
}

function functionTool(tool: JsonObject, name: string): ChatTool {
  const fn: ChatTool['function'] = { name };
  const description = stringOf(tool.description);
  if (description !== undefined) fn.description = description;
  if (tool.parameters !== undefined && tool.parameters !== null) fn.parameters = tool.parameters;
  if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

/** A free-form tool becomes a function taking its raw input as one string; a grammar becomes a hint. */
function customTool(tool: JsonObject, name: string, path: string): ChatTool {
  const format = tool.format;
  let hint = 'The raw input of the tool, as plain text (not JSON-encoded).';
  if (isObject(format) && format.type === 'grammar') {
    const syntax = stringOf(format.syntax) ?? 'grammar';
    const definition = stringOf(format.definition);
    if (definition === undefined) throw new TranslationError(`${path}.format.definition`, `${path}.format.definition must be a string`);
    hint = `The raw input of the tool. It must match this ${syntax} grammar:\n${definition}`;
  } else if (isObject(format) && format.type !== 'text') {
    throw new TranslationError(`${path}.format.type`, `${path}.format.type ${shown(format.type)} is not supported`);
  }
  const fn: ChatTool['function'] = {
    name,
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: hint } },
      required: ['input'],
      additionalProperties: false,
    },
  };
  const description = stringOf(tool.description);
  if (description !== undefined) fn.description = description;
  return { type: 'function', function: fn };
}

/** `tool_choice` on the translated tools; `allowed_tools` narrows the tool list itself. */
export function translateToolChoice(choice: unknown, tools: TranslatedTools): { choice?: ChatToolChoice; tools: ChatTool[] } {
  if (choice === undefined || choice === null) return { tools: tools.tools };
  if (choice === 'auto' || choice === 'none' || choice === 'required') {
    if (choice === 'required' && tools.tools.length === 0) {
      throw new TranslationError('tool_choice', 'tool_choice "required" needs a function or custom tool; the request has none a chat completions backend can run');
    }
    return { choice, tools: tools.tools };
  }
  if (!isObject(choice)) throw new TranslationError('tool_choice', `tool_choice ${shown(choice)} is not supported`);
  if (choice.type === 'function' || choice.type === 'custom') {
    const name = stringOf(choice.name);
    if (!name) throw new TranslationError('tool_choice.name', 'tool_choice.name must be a non-empty string');
    return { choice: { type: 'function', function: { name } }, tools: tools.tools };
  }
  if (choice.type === 'allowed_tools') return allowedTools(choice, tools);
  const type = stringOf(choice.type) ?? shown(choice.type);
  throw new TranslationError('tool_choice', `tool_choice names the built-in tool "${type}", which a chat completions backend cannot run`);
}

function allowedTools(choice: JsonObject, tools: TranslatedTools): { choice: ChatToolChoice; tools: ChatTool[] } {
  const mode = choice.mode === 'required' ? 'required' : 'auto';
  if (!Array.isArray(choice.tools)) throw new TranslationError('tool_choice.tools', 'tool_choice.tools must be an array');
  const names = new Set<string>();
  choice.tools.forEach((tool, i) => {
    if (!isObject(tool) || (tool.type !== 'function' && tool.type !== 'custom') || typeof tool.name !== 'string') {
      throw new TranslationError(`tool_choice.tools[${i}]`, `tool_choice.tools[${i}] must name a function or custom tool`);
    }
    names.add(tool.name);
  });
  const allowed = tools.tools.filter((tool) => names.has(tool.function.name));
  if (mode === 'required' && allowed.length === 0) {
    throw new TranslationError('tool_choice.tools', 'tool_choice.tools allows no tool that the request declares');
  }
  return { choice: mode, tools: allowed };
}
