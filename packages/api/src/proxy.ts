/**
 * Which dispatcher carries the calls. An explicit `proxy` wins; otherwise the usual proxy
 * variables are honoured (with NO_PROXY) through undici's EnvHttpProxyAgent, but only when one is
 * set, so an ordinary run keeps Node's default agent. A loopback baseUrl (the emulator in tests)
 * never goes through an environment proxy: CI machines often set HTTPS_PROXY for the outside world.
 */
import ipaddr from 'ipaddr.js';
import { type Dispatcher, EnvHttpProxyAgent, ProxyAgent, fetch as undiciFetch } from 'undici';

export interface Route {
  dispatcher?: Dispatcher;
  /** How the calls travel, for logs and checkCredentials (credentials masked). */
  description: string;
  /** undici's fetch when a dispatcher is used: Node's built-in fetch bundles another undici. */
  fetch?: typeof globalThis.fetch;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so mapped addresses count too.
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable proxy URL)';
  }
}

export function chooseRoute(
  baseUrl: string,
  proxy: string | undefined,
  env: Record<string, string | undefined> = process.env,
): Route {
  if (proxy) {
    return {
      dispatcher: new ProxyAgent(proxy),
      description: `via proxy ${maskUrl(proxy)}`,
      fetch: undiciFetch as unknown as typeof globalThis.fetch,
    };
  }
  const variable = PROXY_VARIABLES.find((name) => env[name]);
  if (variable && !isLoopback(baseUrl)) {
    return {
      dispatcher: new EnvHttpProxyAgent(),
      description: `via the proxy in ${variable} (${maskUrl(env[variable]!)}), NO_PROXY honoured`,
      fetch: undiciFetch as unknown as typeof globalThis.fetch,
    };
  }
  return { description: 'direct' };
}
