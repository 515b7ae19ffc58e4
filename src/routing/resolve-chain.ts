import type { Backend, GatewayConfig } from '../config/types.ts';

export interface Route {
  /** The alias the requested model resolved to. */
  alias: string;
  /** Backends to try, primary first. */
  backends: Backend[];
}

/**
 * Picks the backends for a requested model: an alias by its exact name, else the default alias.
 * Chains are computed once per config, so this is a lookup on the request path.
 */
export function createRouter(config: GatewayConfig): (model: unknown) => Route {
  const routes = new Map<string, Route>();
  for (const [alias, names] of Object.entries(config.aliases)) {
    routes.set(alias, { alias, backends: names.map((n) => config.backends[n]!) });
  }
  const fallback = routes.get(config.defaultAlias)!;
  return (model) => (typeof model === 'string' && routes.get(model)) || fallback;
}
