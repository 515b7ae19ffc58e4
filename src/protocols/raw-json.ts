/**
 * JSON text reused rather than serialized again. A translated call carries the client's tools
 * twice (the chat request's tools, and a Responses answer's echo of the request), and tool
 * lists are most of a request: Claude Code and Codex send dozens of schemas with every turn.
 * Serializing them is most of what translation costs (docs/performance.md), so the client's own
 * text of a member is found once and written into the output as it is.
 */

/**
 * The text of a top-level member's value in a JSON object's text, which must already be known
 * to be valid (it was parsed). The last one wins, as in `JSON.parse`. Undefined when the object
 * has no such member, or writes a key with escapes (never seen; then the caller serializes).
 */
export function memberText(text: string, key: string): string | undefined {
  const quoted = `"${key}"`;
  let found: string | undefined;
  let i = skipSpace(text, text.indexOf('{') + 1);
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACE) {
    const keyEnd = skipString(text, i);
    for (let k = i + 1; k < keyEnd - 1; k++) if (text.charCodeAt(k) === BACKSLASH) return undefined;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    const end = skipValue(text, start);
    if (keyEnd - i === quoted.length && text.startsWith(quoted, i)) found = text.slice(start, end);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return found;
}

/**
 * `JSON.stringify(holder's owner)` with `holder[key]` written as `raw`, JSON text standing for
 * the value it holds. The value is swapped for a marker for the call, then the marker for the
 * text: the marker is random per process, so no string a client sends can stand in for it.
 */
export function stringifyWithRaw(value: unknown, holder: Record<string, unknown>, key: string, raw: string): string {
  const kept = holder[key];
  holder[key] = MARKER;
  let json: string;
  try {
    json = JSON.stringify(value);
  } finally {
    holder[key] = kept;
  }
  const at = json.indexOf(MARKER_JSON);
  return at < 0 ? JSON.stringify(value) : json.slice(0, at) + raw + json.slice(at + MARKER_JSON.length);
}

const MARKER = `understudy-raw-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
const MARKER_JSON = JSON.stringify(MARKER);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  return i;
}

/** Past the string that opens at `i`: its closing quote is one not preceded by an odd run of backslashes. */
function skipString(text: string, i: number): number {
  for (;;) {
    i = text.indexOf('"', i + 1);
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return i + 1;
  }
}

/** Past the value that starts at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    while (i < text.length && !isValueEnd(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) i = skipString(text, i) - 1;
    else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
  }
  return i;
}

function isValueEnd(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Values never changed again, and their JSON text. */
const knownJson = new WeakMap<object, string>();

/** Serializes a value that is never changed again, once: `chatRequestText` writes it as this text. */
export function withKnownJson<T extends object>(value: T): T {
  knownJson.set(value, JSON.stringify(value));
  return value;
}

/**
 * A translated chat request as JSON text, asking for `model` (undefined: its own); its `tools`
 * are written from their known text when a translation made them once for many requests.
 */
export function chatRequestText(chat: { model: string; tools?: object }, model: string | undefined): string {
  const own = chat.model;
  if (model !== undefined) chat.model = model;
  try {
    const toolsJson = chat.tools && knownJson.get(chat.tools);
    return toolsJson === undefined ? JSON.stringify(chat) : stringifyWithRaw(chat, chat as Record<string, unknown>, 'tools', toolsJson);
  } finally {
    chat.model = own;
  }
}

/**
 * The last few values made from a text, by the text: a client sends the same tool list with
 * every turn, so its translation (and that translation's JSON) is made once.
 */
export class TextMemo<T> {
  readonly #values = new Map<string, T>();
  constructor(private readonly size: number) {}

  get(text: string, make: () => T): T {
    let value = this.#values.get(text);
    if (value === undefined) {
      value = make();
      if (this.#values.size >= this.size) this.#values.delete(this.#values.keys().next().value!);
      this.#values.set(text, value);
    }
    return value;
  }
}
