import { z } from 'astro/zod';

/** Per-post settings an author may put under `weixin:` in front matter. */
export const postSettingsSchema = z
  .object({
    /** `newspic`: an image post (小绿书) in the draft box, its pictures to swipe and its text plain. */
    type: z.enum(['news', 'newspic']).optional(),
    title: z.string().optional(),
    author: z.string().optional(),
    digest: z.string().optional(),
    cover: z.string().optional(),
    content_source_url: z.string().optional(),
    show_cover_pic: z.boolean().optional(),
    need_open_comment: z.boolean().optional(),
    only_fans_can_comment: z.boolean().optional(),
    /** Posts with the same batch name go out together in one graphic message. */
    batch: z.string().optional(),
    /** Lower numbers come first inside a message; the first article is the big one. */
    order: z.number().optional(),
    /** Deliver this post again although it was published or sent before (once it changed). */
    republish: z.boolean().optional(),
    /** Which of the integration's `accounts` get this post: one name or several. */
    account: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  })
  .strict();

export type PostSettings = z.infer<typeof postSettingsSchema>;

/**
 * The `weixin` front matter field for a collection's schema. A zod object drops keys it does not
 * declare, so a site with a schema adds `weixin: weixinField` for entries that come without a file
 * (`file()` and remote loaders) to keep it; Markdown files are read as written either way.
 */
export const weixinField = z.union([z.boolean(), postSettingsSchema]).optional();
