import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin, serveFile } from './admin.js';
import { createClock, type ClockOption, type EmulatorClock } from './clock.js';
import { handleApiCall } from './dispatch.js';
import { Faults, callName, type Fault, type FaultSpec } from './faults.js';
import { send } from './http.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { persist } from './persistence.js';
import { settlePublishes, type ApiEnv } from './routes/index.js';
import { buildState, type EmulatorState } from './state-snapshot.js';
import { Store, type App, type RequestRecord } from './store.js';
import { TokenService } from './token-service.js';

/** The documented test account used when no `apps` are given. Not a real account. */
export const DEFAULT_APP: Readonly<App> = Object.freeze({
  appid: 'wx0123456789abcdef',
  secret: 'emulator-test-secret-00000000000',
});

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accounts that may get tokens. Default: [DEFAULT_APP]. */
  apps?: App[];
  /** See ClockOption: real time by default, a number or Date freezes it. */
  clock?: ClockOption;
  /** Overrides for any limit (see DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** IP addresses allowed to get tokens (as `127.0.0.1` or `::ffff:127.0.0.1`). Default: any. */
  whitelist?: string[];
  /** Token lifetime, default 7200. */
  tokenTtlSeconds?: number;
  /** Seed for fault rates, default 1. */
  seed?: number;
  /** The origin written into issued image URLs, when clients reach the emulator by another name. */
  publicUrl?: string;
  /** Keep uploads, tokens and messages in this JSON file across restarts. */
  stateFile?: string;
}

export interface EmulatorFaults {
  add(spec: FaultSpec): Fault;
  remove(id: number): void;
  clear(): void;
  list(): Fault[];
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:40123`: use it as the API base in place of https://api.weixin.qq.com. */
  url: string;
  close(): Promise<void>;
  state(): EmulatorState;
  /** Forgets everything uploaded, every token, quota, request and fault (apps and clock stay). */
  reset(): void;
  /** Every API call, in order (not the `/__emulator` routes or image downloads). */
  readonly requests: RequestRecord[];
  faults: EmulatorFaults;
  clock: EmulatorClock;
  limits: Limits;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const apps = new Map((options.apps?.length ? options.apps : [DEFAULT_APP]).map((app) => [app.appid, { ...app }]));
  const clock = createClock(options.clock);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = new Store();
  const faults = new Faults(options.seed ?? 1);
  const tokens = new TokenService(store, clock, limits, options.tokenTtlSeconds ?? 7200, apps, options.whitelist);
  let origin = '';
  const env: ApiEnv = { store, clock, limits, tokens, baseUrl: () => options.publicUrl?.replace(/\/+$/, '') ?? origin };
  const save = persist(store, options.stateFile);

  function state(): EmulatorState {
    settlePublishes(env);
    return buildState(store, [...apps.values()], faults.all(), clock.now(), origin, limits);
  }

  function reset(): void {
    store.reset();
    faults.clear();
    save();
  }

  const apiCore = { env, faults, save };
  const adminCore = { store, clock, faults, state, reset, settle: () => settlePublishes(env) };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const route = async () => {
      if (url.pathname.startsWith('/cgi-bin/')) return handleApiCall(apiCore, req, res, url, callName(url.pathname));
      if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/'))
        return handleAdmin(adminCore, req, res, url);
      const image = /^\/mmbiz\w*\/([^/]+)/.exec(url.pathname);
      if (image && req.method === 'GET') {
        const id = image[1]!;
        return serveFile(res, store.images.find((i) => i.id === id) ?? store.materials.find((m) => m.id === id));
      }
      if (url.pathname === '/') return send(res, 302, 'text/plain', 'see /__emulator/\n', { location: '/__emulator/' });
      send(res, 404, 'text/plain', 'not found\n');
    };
    route().catch((error: unknown) => {
      // A bug in the emulator, not a simulated failure: say so plainly.
      if (!res.headersSent) send(res, 500, 'text/plain', `emulator error: ${(error as Error).stack ?? error}\n`);
      else res.destroy();
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `http://${shownHost}:${port}`;

  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        save();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    state,
    reset,
    get requests() {
      return store.requests;
    },
    faults: {
      add: (spec) => faults.add(spec),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.all(),
    },
    clock,
    limits,
  };
}
