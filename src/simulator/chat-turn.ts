import { greeting } from './reply-text.ts';

/**
 * What a simulated chat backend does with a request, decided from the request alone:
 *
 * - the request offers function `tools` AND its last message is from the user AND that message's
 *   own text (less any `<system-reminder>` blocks, which Claude Code adds to the user's turn and
 *   which talk about tools) contains the word "tool" (or "tools") → it calls the first function
 *   tool, with arguments made from the tool's JSON schema (see `argumentsFor`). The word is the
 *   trigger so that a plain prompt such as "say hi" from Codex CLI or Claude Code (which always
 *   send tools) is answered in text and never makes the client run a tool;
 * - the last message is a tool result (role "tool") → "Got N characters from the tool.", N being
 *   the length of that result;
 * - otherwise → the greeting that names the backend and the model.
 */
export type ChatTurnPlan = { kind: 'text'; text: string } | { kind: 'tool-call'; name: string; arguments: string };

/** The parts of a chat completions request the simulator reads. */
export interface ChatRequestBody {
  model?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
  messages?: unknown;
  prompt?: unknown;
  tools?: unknown;
}

interface Message {
  role?: unknown;
  content?: unknown;
}

interface FunctionTool {
  type?: unknown;
  function?: { name?: unknown; parameters?: unknown };
}

const TOOL_WORD = /\btools?\b/i;
const REMINDERS = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

/** Decides the turn; see the type's doc for the rules. */
export function planChatTurn(body: ChatRequestBody, who: { name: string; model: string }): ChatTurnPlan {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const last = messages.at(-1);
  if (last?.role === 'tool') return { kind: 'text', text: `Got ${Array.from(textOf(last.content)).length} characters from the tool.` };
  const tool = firstFunctionTool(body.tools);
  if (tool && last?.role === 'user' && TOOL_WORD.test(textOf(last.content).replace(REMINDERS, ''))) {
    return { kind: 'tool-call', name: tool.name, arguments: JSON.stringify(argumentsFor(tool.parameters)) };
  }
  return { kind: 'text', text: greeting(who) };
}

/** A message's text: the string itself, or its text parts joined. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { text?: unknown } | null) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

function firstFunctionTool(tools: unknown): { name: string; parameters: unknown } | undefined {
  if (!Array.isArray(tools)) return undefined;
  for (const tool of tools as Array<FunctionTool | null>) {
    const name = tool?.function?.name;
    if (tool?.type === 'function' && typeof name === 'string') return { name, parameters: tool.function?.parameters };
  }
  return undefined;
}

/**
 * Arguments that satisfy a simple JSON schema: each required property that is a string gets
 * "sim" (or its first `enum` value), a number or integer 1, a boolean true; the rest is omitted.
 */
export function argumentsFor(schema: unknown): Record<string, unknown> {
  const { properties, required } = (schema ?? {}) as { properties?: Record<string, unknown>; required?: unknown };
  const args: Record<string, unknown> = {};
  if (!properties || !Array.isArray(required)) return args;
  for (const key of required) {
    if (typeof key !== 'string') continue;
    const value = sampleValue(properties[key]);
    if (value !== undefined) args[key] = value;
  }
  return args;
}

function sampleValue(property: unknown): unknown {
  const { type, enum: choices } = (property ?? {}) as { type?: unknown; enum?: unknown };
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('string')) return Array.isArray(choices) && typeof choices[0] === 'string' ? choices[0] : 'sim';
  if (types.includes('number') || types.includes('integer')) return 1;
  if (types.includes('boolean')) return true;
  return undefined;
}
