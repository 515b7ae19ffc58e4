import type * as z from 'zod/mini';
import { type FileConfig, fileSchema } from '../config/file-schema.ts';
import { closestNames } from './did-you-mean.ts';
import { type Problem, error, formatPath } from './problem.ts';

type Schema = z.core.$ZodType;
type Def = { type: string; innerType?: Schema; shape?: Record<string, Schema>; valueType?: Schema; element?: Schema };
const defOf = (s: Schema) => s._zod.def as unknown as Def;

/** Optional wrappers off: the schema that holds the value. */
function unwrap(s: Schema): Schema {
  let d = defOf(s);
  while (d.type === 'optional' && d.innerType) {
    s = d.innerType;
    d = defOf(s);
  }
  return s;
}

/** The schema of the value at `path` (a record's entries all share one). */
function schemaAt(path: readonly PropertyKey[]): Schema | undefined {
  let s: Schema | undefined = unwrap(fileSchema);
  for (const part of path) {
    if (!s) return undefined;
    const d: Def = defOf(s);
    const next: Schema | undefined = d.type === 'object' ? d.shape?.[String(part)] : d.type === 'record' ? d.valueType : d.type === 'array' ? d.element : undefined;
    s = next && unwrap(next);
  }
  return s;
}

/** Every key the file may hold, as section → keys: `backends.NAME` → [base_url, …]. */
function allSections(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  const walk = (s: Schema, at: string) => {
    const d = defOf(unwrap(s));
    if (d.type === 'record' && d.valueType) walk(d.valueType, `${at}.NAME`);
    if (d.type !== 'object' || !d.shape) return;
    sections.set(at, Object.keys(d.shape));
    for (const [key, child] of Object.entries(d.shape)) walk(child, at ? `${at}.${key}` : key);
  };
  walk(fileSchema, '');
  return sections;
}

/** What to say of an unknown key: the near miss beside it, else the sections where it is at home. */
function unknownKeyHint(key: string, siblings: string[]): string {
  const near = closestNames(key, siblings, { limit: 1, maxDistance: Math.max(1, Math.floor(key.length / 3)) })[0];
  if (near) return ` (did you mean "${near}"?)`;
  const homes = [...allSections()].filter(([, keys]) => keys.includes(key)).map(([section]) => (section ? `[${section}]` : 'the top level'));
  return homes.length > 0 ? ` (it belongs in ${homes.join(' or ')})` : '';
}

/** A schema issue as problems: one per unknown key, each with its hint. */
function describe(issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const siblings = Object.keys(defOf(schemaAt(issue.path) ?? fileSchema).shape ?? {});
    return issue.keys.map((k) => error(formatPath([...issue.path, k]), `unknown key${unknownKeyHint(k, siblings)}`));
  }
  return [error(formatPath(issue.path) || 'the file', issue.message)];
}

/** What the schema says of a parsed file: every problem, the file with the bad parts taken out (for the checks after). */
export function schemaProblems(raw: Record<string, unknown>): { problems: Problem[]; file?: FileConfig; badKeys: string[] } {
  const first = fileSchema.safeParse(raw);
  if (first.success) return { problems: [], file: first.data, badKeys: [] };
  const problems = first.error.issues.flatMap(describe);
  const salvaged = structuredClone(raw);
  for (const issue of first.error.issues) drop(salvaged, issue);
  const second = fileSchema.safeParse(salvaged);
  return { problems, file: second.success ? second.data : undefined, badKeys: problems.map((p) => p.key) };
}

/** Takes the part an issue is about out of the file: an unknown key, or the whole bad value. */
function drop(root: Record<string, unknown>, issue: z.core.$ZodIssue): void {
  const path = [...issue.path];
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  if (keys.length === 0) {
    while (typeof path.at(-1) === 'number') path.pop(); // a bad array element: drop the array
    const last = path.pop();
    if (last === undefined) return;
    keys.push(String(last));
  }
  let parent: unknown = root;
  for (const part of path) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[part as string];
  if (parent && typeof parent === 'object') for (const k of keys) delete (parent as Record<string, unknown>)[k];
}
