/** One thing wrong (or worth knowing) about the configuration, named by its key. */
export interface Problem {
  /** The key in gateway.toml (`backends.fast.model`), the variable (`PROXY_PORT`) or the file. */
  key: string;
  message: string;
  level: 'error' | 'warning';
}

/** A problem the gateway would refuse to start with. */
export const error = (key: string, message: string): Problem => ({ key, message, level: 'error' });
/** A problem worth knowing that does not stop the gateway. */
export const warning = (key: string, message: string): Problem => ({ key, message, level: 'warning' });

/** `backends.fast.api[1]`, `aliases."gpt-*"`: a key path as gateway.toml spells it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part);
      out += `${out ? '.' : ''}${/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)}`;
    }
  }
  return out;
}
