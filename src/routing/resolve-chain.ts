import type { Backend, GatewayConfig } from '../config/types.ts';

export interface Route {
  /** The alias the requested model resolved to. */
  alias: string;
  /** Backends to try, primary first. */
  backends: Backend[];
}

/**
 * Picks the backends for a requested model: an alias of that exact name, else the most
 * specific pattern that matches (`gpt-4o-*` before `gpt-*`: the most literal characters
 * wins), else the default alias. Everything is computed once per config, so the request
 * path does a map lookup and, at worst, a few regex tests.
 */
export function createRouter(config: GatewayConfig): (model: unknown) => Route {
  const exact = new Map<string, Route>();
  const patterns: Array<{ regex: RegExp; literal: number; route: Route }> = [];
  for (const [alias, names] of Object.entries(config.aliases)) {
    const route = { alias, backends: names.map((n) => config.backends[n]!) };
    if (!alias.includes('*')) exact.set(alias, route);
    else patterns.push({ regex: patternToRegex(alias), literal: alias.replaceAll('*', '').length, route });
  }
  patterns.sort((a, b) => b.literal - a.literal);
  const fallback = exact.get(config.defaultAlias) ?? patterns.find((p) => p.route.alias === config.defaultAlias)!.route;
  return (model) => {
    if (typeof model !== 'string') return fallback;
    return exact.get(model) ?? patterns.find((p) => p.regex.test(model))?.route ?? fallback;
  };
}

/** `gpt-*` → /^gpt-.*$/ ; every other character is literal. */
export function patternToRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
