import { AstroError } from 'astro/errors';
import type { Deliver } from './options.js';

/** Where the build runs, as far as delivering exactly once is concerned. */
export interface DeployHost {
  id: 'github-actions' | 'vercel' | 'netlify' | 'cloudflare-pages' | 'other';
  name: string;
  /**
   * Whether weixin.lock.json can outlive the build: GitHub Actions can commit it back; Vercel,
   * Netlify and Cloudflare Pages build in a fresh checkout and keep nothing the build writes.
   */
  keepsLockfile: boolean;
  /** Builds of the same branch may run side by side (no concurrency group to ask for). */
  overlaps: boolean;
  /** Outgoing addresses change from build to build, so WeChat's IP whitelist cannot name them. */
  changingAddress: boolean;
}

/** The variables each host sets in its builds (their documented system environment variables). */
const HOSTS: { variable: string; values: string[]; host: DeployHost }[] = [
  {
    variable: 'VERCEL',
    values: ['1'],
    host: { id: 'vercel', name: 'Vercel', keepsLockfile: false, overlaps: true, changingAddress: true },
  },
  {
    variable: 'NETLIFY',
    values: ['true'],
    host: { id: 'netlify', name: 'Netlify', keepsLockfile: false, overlaps: true, changingAddress: true },
  },
  {
    variable: 'CF_PAGES',
    values: ['1'],
    host: {
      id: 'cloudflare-pages',
      name: 'Cloudflare Pages',
      keepsLockfile: false,
      overlaps: true,
      changingAddress: true,
    },
  },
  {
    variable: 'GITHUB_ACTIONS',
    values: ['true'],
    // Overlapping runs can be ruled out there with a concurrency group (docs/deploy.md).
    host: { id: 'github-actions', name: 'GitHub Actions', keepsLockfile: true, overlaps: false, changingAddress: true },
  },
];

const OTHER: DeployHost = {
  id: 'other',
  name: 'this machine',
  keepsLockfile: true,
  overlaps: false,
  changingAddress: false,
};

/** The host the build runs on, from the environment (the whole environment, not only WEIXIN_*). */
export function detectHost(env: Record<string, string | undefined>): DeployHost {
  return HOSTS.find(({ variable, values }) => values.includes(env[variable] ?? ''))?.host ?? OTHER;
}

export interface HostVerdict {
  /** Delivering here could reach readers twice: the build stops before any upload. */
  refusal?: AstroError;
  /** Worth saying, but no risk of a second delivery. */
  warnings: string[];
}

const TRUE = ['1', 'true', 'yes'];

/**
 * Whether this host can deliver exactly once with these settings. A host that keeps no lockfile
 * cannot prove an old mass send did not happen, and a host that builds side by side needs the
 * lease; without them the build refuses, with a way out, rather than risk a second delivery.
 */
export function judgeHost(
  host: DeployHost,
  settings: {
    deliver: Deliver;
    lease: unknown;
    proxy?: string | undefined;
    tokenFromOutside: boolean;
    /** Calls go to WeChat itself (not the emulator), so its IP whitelist applies. */
    realApi: boolean;
    env: Record<string, string | undefined>;
  },
): HostVerdict {
  const warnings: string[] = [];
  if (settings.deliver === 'none') return { warnings };
  if (host.changingAddress && settings.realApi && !settings.proxy && !settings.tokenFromOutside) {
    warnings.push(
      `${host.name} builds from changing addresses, which WeChat's IP whitelist cannot name: without the \`proxy\` option or a \`token\` function, getting a token fails with 40164 (docs/deploy.md, "The IP whitelist")`,
    );
  }
  const lockfileKept = TRUE.includes((settings.env['WEIXIN_LOCKFILE_KEPT'] ?? '').toLowerCase());
  if (settings.deliver === 'sendall' && !host.keepsLockfile && !lockfileKept) {
    return {
      warnings,
      refusal: new AstroError(
        `astro-weixin does not mass-send from a ${host.name} build: ${host.name} keeps no weixin.lock.json between builds, and past WeChat's 24-hour clientmsgid check nothing else proves a message was not sent already. Nothing was uploaded.`,
        `Send from a separate workflow that commits the lockfile back (docs/deploy.md: GitHub Actions, \`npx astro-weixin publish\`), and build the site on ${host.name} with WEIXIN_DELIVER=none or without WEIXIN_PUBLISH. If your build does keep the lockfile, set WEIXIN_LOCKFILE_KEPT=1.`,
      ),
    };
  }
  if (settings.deliver === 'publish' && host.overlaps && settings.lease === false) {
    return {
      warnings,
      refusal: new AstroError(
        `astro-weixin does not publish from ${host.name} with \`lease: false\`: ${host.name} may run two builds of the same branch at once, and without the lease both would publish. Nothing was uploaded.`,
        'Remove `lease: false` (deploys then take turns through the account), or publish from one workflow with a concurrency group.',
      ),
    };
  }
  return { warnings };
}

/** Stops a build that would deliver where it cannot do so exactly once; says what is worth knowing otherwise. */
export function checkHost(
  env: Record<string, string | undefined>,
  weixinEnv: Record<string, string | undefined>,
  settings: { deliver: Deliver; lease: unknown; proxy?: string | undefined; token: unknown; realApi: boolean },
  warn: (message: string) => void,
): void {
  const verdict = judgeHost(detectHost(env), {
    deliver: settings.deliver,
    lease: settings.lease,
    proxy: settings.proxy,
    tokenFromOutside: typeof settings.token === 'function',
    realApi: settings.realApi,
    env: weixinEnv,
  });
  for (const warning of verdict.warnings) warn(warning);
  if (verdict.refusal) throw verdict.refusal;
}
