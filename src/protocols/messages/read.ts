import { TranslationError } from './translation-error.ts';

/** A parsed JSON object whose fields are still unchecked. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or a 400 naming `path`. */
export function record(value: unknown, path: string): JsonObject {
  if (!isRecord(value)) throw new TranslationError(path, `${path} must be an object`);
  return value;
}

/** The value as an array, or a 400 naming `path`. */
export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new TranslationError(path, `${path} must be an array`);
  return value;
}

/** The value as a string, or a 400 naming `path`. */
export function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new TranslationError(path, `${path} must be a string`);
  return value;
}

/** An optional string field: undefined and null read as absent. */
export function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, path);
}

/** An optional finite number field: undefined and null read as absent. */
export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TranslationError(path, `${path} must be a number`);
  return value;
}

/** A field's JSON path: `messages[2]` + `content` → `messages[2].content`. */
export function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}
