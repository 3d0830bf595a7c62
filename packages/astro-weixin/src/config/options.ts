import { ANIMATED_GIF_MAX_BYTES, ARTICLE_LIMITS } from '@astro-weixin/rules';
import { z } from 'astro/zod';
import type { ProcessorOptions } from '@astro-weixin/markdown';

/** rehype-weixin's options, as @astro-weixin/markdown passes them on. */
type RenderOptions = NonNullable<ProcessorOptions['weixin']>;

const miniprogramTarget = z.object({
  appid: z.string().optional(),
  path: z.string(),
  title: z.string().optional(),
  imageurl: z.string().optional(),
  url: z.string().optional(),
});

export const deliverSchema = z.enum(['none', 'publish', 'sendall']);
export type Deliver = z.infer<typeof deliverSchema>;

/** Why a delivery setting cannot work with the others, in words that say what to change. */
export function deliveryProblem(
  deliver: Deliver,
  options: { target: 'news' | 'draft'; sendTo?: 'all' | { tagId: number } | undefined },
): string | undefined {
  if (deliver === 'publish' && options.target !== 'draft')
    return "`deliver: 'publish'` publishes drafts: set `target: 'draft'` as well (uploadnews messages are sent with `deliver: 'sendall'`)";
  if (deliver === 'sendall' && options.target !== 'news')
    return "`deliver: 'sendall'` sends graphic messages made with uploadnews: set `target: 'news'` (drafts are published with `deliver: 'publish'`)";
  if (deliver === 'sendall' && options.sendTo === undefined)
    return "`deliver: 'sendall'` needs `sendTo`: `'all'` for every follower or `{ tagId: N }` for one tag; there is no default, because a mass send cannot be undone";
  return undefined;
}

const sendToSchema = z.union([z.literal('all'), z.object({ tagId: z.number().int().nonnegative() }).strict()]);

const renderSchema = z.custom<RenderOptions>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'render takes an object of rehype-weixin options (theme, code, links, lists, limits...)' },
);

const tokenSchema = z.union([
  z.enum(['stable', 'classic']),
  z.custom<() => Promise<string>>((v) => typeof v === 'function'),
]);

/**
 * One account's options under `accounts`: its credentials, and any top-level option it sets
 * differently. None has a default here, so an unset one keeps the top-level value.
 */
const accountOptionsSchema = z
  .object({
    /** Else WEIXIN_APPID_<NAME> (the name upper-cased, other characters as `_`). */
    appid: z.string().optional(),
    /** Else WEIXIN_APPSECRET_<NAME>. */
    secret: z.string().optional(),
    token: tokenSchema.optional(),
    proxy: z.string().optional(),
    target: z.enum(['news', 'draft']).optional(),
    deliver: deliverSchema.optional(),
    sendTo: sendToSchema.optional(),
    sendIgnoreReprint: z.boolean().optional(),
    deliveryTimeoutMs: z.number().int().positive().optional(),
    republish: z.boolean().optional(),
    articlesPerMessage: z.number().int().min(1).max(8).optional(),
    author: z.string().optional(),
    defaultCover: z.string().optional(),
    generatedCover: z.boolean().optional(),
    siteName: z.string().optional(),
    showCoverPic: z.boolean().optional(),
    openComment: z.boolean().optional(),
    onlyFansCanComment: z.boolean().optional(),
    previewTo: z.array(z.string()).optional(),
    /** Merged over the top-level `render` key by key: `{ theme: … }` changes only the theme. */
    render: renderSchema.optional(),
  })
  .strict();

export type AccountOptions = z.output<typeof accountOptionsSchema>;

/** Account names become folder names in the dry run and parts of environment variable names. */
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The integration's options; every field has a default so `weixin()` alone works. */
export const optionsSchema = z
  .object({
    /**
     * Globs (relative to the project root) of the Markdown posts that may be selected, instead of the
     * entries of the site's content collections.
     */
    include: z.array(z.string()).optional(),
    /** Decide in code which posts go out; runs after the front matter selection. */
    filter: z.custom<(post: PostInfo) => boolean>((v) => typeof v === 'function').optional(),
    /** Where a post lives on the site, for content_source_url: a pattern (`{collection}`, `{slug}` or `{id}`) or a function. */
    postUrl: z
      .union([z.string(), z.custom<(post: PostInfo) => string>((v) => typeof v === 'function')])
      .default('/{collection}/{slug}/'),
    /** `news` makes a mass-message graphic via media/uploadnews; `draft` fills the draft box. */
    target: z.enum(['news', 'draft']).default('news'),
    /** Publishing needs this switch (or WEIXIN_PUBLISH=1) on top of credentials. */
    publish: z.boolean().optional(),
    /**
     * What happens after a message is made (WEIXIN_DELIVER when unset): `none` leaves it there,
     * `publish` publishes each new draft (target `draft`), `sendall` sends each new message to
     * `sendTo` (target `news`). Each post reaches readers once, whatever fails.
     */
    deliver: deliverSchema.optional(),
    /** Who gets a `sendall`: every follower, or the followers with one tag. Required for `sendall`. */
    sendTo: sendToSchema.optional(),
    /** Send even when WeChat judges an article a reprint (send_ignore_reprint). */
    sendIgnoreReprint: z.boolean().default(false),
    /** How long a build waits for a publish or a mass send to finish before leaving it to the next build. */
    deliveryTimeoutMs: z.number().int().positive().default(300_000),
    /**
     * Deploys that publish the same posts at the same moment take turns through a marker draft in the
     * account (docs/deploy.md); `false` turns this off when deploys never overlap (a CI concurrency group).
     */
    lease: z
      .union([
        z.literal(false),
        z
          .object({
            /** Between adding the marker and reading the draft box: 1 s plus the listing lag assumed. */
            settleMs: z.number().int().min(1000).default(3000),
            /** A marker older than this was left by a killed deploy; keep it above deliveryTimeoutMs. */
            expireMs: z.number().int().positive().default(900_000),
            pollMs: z.number().int().positive().default(2000),
          })
          .strict(),
      ])
      .default({ settleMs: 3000, expireMs: 900_000, pollMs: 2000 }),
    /** Deliver posts again when they change after they were published or sent (front matter: `weixin.republish`). */
    republish: z.boolean().default(false),
    /**
     * A mass send needs proof that it was not already sent: the lockfile's record, or WeChat's
     * 24-hour clientmsgid check. Set this for one build when you know the posts were never sent.
     */
    confirmNeverSent: z.boolean().default(false),
    appid: z.string().optional(),
    secret: z.string().optional(),
    /** API origin; WEIXIN_API_BASE overrides it (the emulator's URL in tests and CI). */
    apiBase: z.string().url().optional(),
    /** How to get a token: stable_token (default), classic token, or your own function. */
    token: tokenSchema.default('stable'),
    proxy: z.string().optional(),
    /** Keep the access token in this file (mode 0600) between builds; never commit it. */
    tokenCacheFile: z.string().optional(),
    /** Images and covers uploaded at once; retries pause them all together when WeChat says slow down. */
    concurrency: z.number().int().min(1).max(32).default(6),
    /** 1 to 8 articles per graphic message; the first one is shown big. */
    articlesPerMessage: z.number().int().min(1).max(8).default(8),
    /** Defaults for every article; front matter `weixin:` overrides them. */
    author: z.string().optional(),
    defaultCover: z.string().optional(),
    /** A post with no cover and no image gets one drawn from its title; off, such a post is an error. */
    generatedCover: z.boolean().default(true),
    /** Shown on generated covers; the host name of the post's address when unset. */
    siteName: z.string().optional(),
    showCoverPic: z.boolean().default(false),
    openComment: z.boolean().default(false),
    onlyFansCanComment: z.boolean().default(false),
    /** Followers' openids (or WeChat ids with `wxname:` prefix) that get a preview of each message. */
    previewTo: z.array(z.string()).default([]),
    lockfile: z.string().default('weixin.lock.json'),
    /** Mini-program directives: a default appid and named targets authors refer to with `target=`. */
    miniprogram: z
      .object({
        appid: z.string().optional(),
        targets: z.record(z.string(), miniprogramTarget).default({}),
        /** A card title over WeChat's 35 characters is an error; this makes it a warning (WeChat cuts it). */
        allowLongCardTitle: z.boolean().default(false),
      })
      .default({ targets: {}, allowLongCardTitle: false }),
    /** Remote images (https) allowed in posts. */
    remoteImages: z
      .object({
        /** Host names allowed; `*.example.com` matches subdomains; empty list means any host. */
        hosts: z.array(z.string()).default([]),
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
        /** Plain http is refused unless listed here (for a local image server in tests). */
        allowHttpHosts: z.array(z.string()).default([]),
      })
      .default({ hosts: [], maxBytes: 10 * 1024 * 1024, allowHttpHosts: [] }),
    /**
     * Animated GIFs up to this size go up as permanent image material and stay animated; a larger one
     * is sent as its first frame, with a warning. WeChat's pages say 2 MB or 10 MB: 2 MB is the default.
     */
    gifMaxBytes: z.number().int().positive().default(ANIMATED_GIF_MAX_BYTES),
    /**
     * Where a build without credentials writes its dry run, relative to the project root; by default
     * Astro's cache folder (`node_modules/.astro/astro-weixin/dry-run`), outside the deployed site.
     */
    dryRunDir: z.string().optional(),
    /** Also copy the dry run into the site's output, so the host serves it at `/weixin/` (it holds unpublished posts). */
    dryRunInSite: z.boolean().default(false),
    /** The dry run also shows every message in each other built-in theme, to compare looks. */
    previewThemes: z.boolean().default(false),
    /** Options for the article renderer (rehype-weixin): theme CSS, code theme, limits. */
    render: renderSchema.default({}),
    /**
     * The contrast check: text below WCAG AA (4.5:1, 3:1 for large text) in light mode or after
     * WeChat's dark-mode conversion is a warning at file:line; `errors: true` stops the build on it.
     */
    contrast: z
      .object({ errors: z.boolean().default(false) })
      .strict()
      .default({ errors: false }),
    /** Field limits, counted in characters; defaults are the strictest the API documents. */
    limits: z
      .object({
        title: z.number().int().positive().default(ARTICLE_LIMITS.title),
        author: z.number().int().positive().default(ARTICLE_LIMITS.author),
        digest: z.number().int().positive().default(ARTICLE_LIMITS.digest),
      })
      .default({ title: ARTICLE_LIMITS.title, author: ARTICLE_LIMITS.author, digest: ARTICLE_LIMITS.digest }),
    /**
     * Several Official Accounts from one site, by name: each with its credentials and the options it
     * sets differently. A post chooses with `weixin.account`.
     */
    accounts: z.record(z.string(), accountOptionsSchema).optional(),
    /** Where a post without `weixin.account` goes; the first of `accounts` when unset. */
    defaultAccount: z.string().optional(),
  })
  .strict()
  .superRefine((options, context) => {
    if (options.accounts) {
      accountsProblems(options, options.accounts, context);
      return;
    }
    if (options.defaultAccount !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['defaultAccount'],
        message: 'defaultAccount names one of `accounts`, which is not set',
      });
    const problem = deliveryProblem(options.deliver ?? 'none', options);
    if (problem) context.addIssue({ code: 'custom', path: ['deliver'], message: problem });
    // A winner writes its outcome once its publish ends or deliveryTimeoutMs passes; its marker must outlive that.
    if (options.lease && options.lease.expireMs <= options.deliveryTimeoutMs) {
      context.addIssue({
        code: 'custom',
        path: ['lease', 'expireMs'],
        message: `must be longer than deliveryTimeoutMs (${options.deliveryTimeoutMs}), or a publish still running would be taken for a killed deploy`,
      });
    }
  });

/** What cannot work in `accounts`: none listed, an unknown default, credentials also at the top, a wrong delivery. */
function accountsProblems(
  options: {
    defaultAccount?: string | undefined;
    appid?: string | undefined;
    secret?: string | undefined;
    target: 'news' | 'draft';
    deliver?: Deliver | undefined;
    sendTo?: z.infer<typeof sendToSchema> | undefined;
  },
  accounts: Record<string, AccountOptions>,
  context: z.RefinementCtx,
): void {
  const names = Object.keys(accounts);
  if (names.length === 0)
    context.addIssue({
      code: 'custom',
      path: ['accounts'],
      message: 'list at least one account, or leave `accounts` out',
    });
  if (options.defaultAccount !== undefined && !names.includes(options.defaultAccount))
    context.addIssue({
      code: 'custom',
      path: ['defaultAccount'],
      message: `"${options.defaultAccount}" is not one of the accounts (${names.join(', ')})`,
    });
  for (const key of ['appid', 'secret'] as const) {
    if (options[key] !== undefined)
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `with \`accounts\`, each account has its own ${key}: move it under the account it belongs to`,
      });
  }
  for (const [name, account] of Object.entries(accounts)) {
    if (!ACCOUNT_NAME.test(name))
      context.addIssue({
        code: 'custom',
        path: ['accounts', name],
        message: 'an account name is letters, digits, `_`, `.` and `-`, starting with a letter or digit',
      });
    const target = account.target ?? options.target;
    const sendTo = account.sendTo ?? options.sendTo;
    const problem = deliveryProblem(account.deliver ?? options.deliver ?? 'none', { target, sendTo });
    if (problem) context.addIssue({ code: 'custom', path: ['accounts', name, 'deliver'], message: problem });
  }
}

export type WeixinOptions = z.input<typeof optionsSchema>;
export type ResolvedOptions = z.output<typeof optionsSchema>;

/** What `filter` and `postUrl` functions see of a post. */
export interface PostInfo {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  collection: string;
  /** The entry's id in its collection (from the content layer), or the slug derived from the path. */
  slug: string;
  frontmatter: Record<string, unknown>;
}

/** Who a mass send reaches, in words. */
export function describeAudience(to: 'all' | { tagId: number }): string {
  return to === 'all' ? 'all followers' : `the followers with tag ${to.tagId}`;
}

/** What a real build would do after making each message. */
export function plannedDelivery(
  deliver: Deliver,
  target: 'news' | 'draft',
  sendTo: 'all' | { tagId: number } | undefined,
): string {
  if (deliver === 'publish') return 'would publish (freepublish/submit)';
  if (deliver === 'sendall') return `would send to ${describeAudience(sendTo ?? 'all')} (sendall)`;
  return target === 'draft'
    ? 'would wait in the draft box (no delivery)'
    : 'would be uploaded for a mass send, not sent (no delivery)';
}
