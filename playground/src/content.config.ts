import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
  schema: z.object({
    title: z.string(),
    description: z.string().optional(),
    pubDate: z.coerce.date(),
    heroImage: z.string().optional(),
    draft: z.boolean().optional(),
    // astro-weixin reads the raw front matter itself; declaring the key keeps it visible to pages too.
    weixin: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
  }),
});

export const collections = { blog };
