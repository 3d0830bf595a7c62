import path from 'node:path';
import { ARTICLE_LIMITS } from '@astro-weixin/rules';
import { planBatches } from '../messages/batches.js';
import { plannedDelivery, type ResolvedOptions } from '../config/options.js';
import { postPathname } from '../select/post-address.js';
import { selectPosts, type SelectedPost } from '../select/posts.js';
import { prepareArticles } from '../render/prepare.js';
import type { PreparedArticle } from '../render/article.js';
import { type Problem, ProblemList } from '../utils/problems.js';
import { publishBatches, type ApiArticle, type MessageOutcome } from '../messages/publish-batches.js';
import { readEnv, resolveDelivery } from '../config/settings.js';
import type { DevAssets } from './assets.js';

/** What the dev server knows of the project, from Astro's resolved config. */
export interface DevProject {
  root: string;
  srcDir: string;
  publicDir: string;
  site?: string;
  /** Astro's `base`, so page addresses can be matched to posts. */
  base: string;
  /** Astro's cacheDir, where the content layer's data store is. */
  cacheDir?: string;
  options: ResolvedOptions;
}

/** One post as the preview shows it: what would be sent, or why nothing would be. */
export interface PostPreview {
  file: string;
  absolutePath: string;
  slug: string;
  /** The title the post will have, or what stands in for it while it cannot be rendered. */
  title: string;
  /** Where the post's page is on the site (with the base), when `postUrl` gives a path. */
  pathname?: string;
  problems: Problem[];
  article?: PreparedArticle;
  /** The article exactly as the API would receive it, images pointing at the dev server. */
  api?: ApiArticle;
}

interface MessagePreview {
  name: string;
  posts: PostPreview[];
}

export interface PreviewModel {
  root: string;
  posts: PostPreview[];
  messages: MessagePreview[];
  /** What the build would do with each message, in words. */
  delivery: string;
  /** Problems that belong to no single post (a wrong WEIXIN_DELIVER). */
  general: string[];
  errorCount: number;
  limits: { title: number; author: number; digest: number; content: number };
}

/** Runs the build's own selection, rendering, checks and batching, with images served by the dev server. */
export async function buildPreview(project: DevProject, assets: DevAssets): Promise<PreviewModel> {
  const { options } = project;
  const problems = new ProblemList();
  const general: string[] = [];
  let delivery = plannedDelivery('none', options.target, options.sendTo);
  try {
    const resolved = resolveDelivery(options, readEnv(project.root));
    delivery = plannedDelivery(resolved.deliver, options.target, options.sendTo);
  } catch (error) {
    general.push((error as Error).message);
  }
  const selected = await selectPosts(
    { root: project.root, options, site: project.site, cacheDir: project.cacheDir },
    problems,
  );
  const { articles, members } = await prepareArticles(selected, {
    root: project.root,
    srcDir: project.srcDir,
    publicDir: project.publicDir,
    options,
    problems,
  });
  // As in the build: posts with problems take part in the batch checks, the messages hold the rest.
  planBatches(members, options, problems);
  const batches = planBatches(articles, options, new ProblemList());
  assets.reset();
  let outcomes: MessageOutcome[] = [];
  try {
    outcomes = await publishBatches(batches, assets);
  } catch (error) {
    // The build fails the same way when an image cannot be converted for upload.
    general.push(`An image could not be converted for upload: ${(error as Error).message}`);
  }

  const byFile = new Map<string, PostPreview>();
  for (const post of selected) byFile.set(post.file, toPreview(post, project));
  for (const problem of problems.items) {
    // A file whose front matter could not be read is not selected, yet its problem belongs to it.
    if (!byFile.has(problem.file)) byFile.set(problem.file, unreadPost(problem.file, project.root));
    byFile.get(problem.file)!.problems.push(problem);
  }
  const messages: MessagePreview[] = outcomes.map((outcome) => ({
    name: outcome.batch.name,
    posts: outcome.batch.articles.map((article, index) => {
      const preview = byFile.get(article.post.file)!;
      preview.article = article;
      preview.title = article.title;
      preview.api = outcome.articles[index]!;
      return preview;
    }),
  }));
  const contentLimit = Number(
    (options.render['limits'] as { contentCharacters?: number } | undefined)?.contentCharacters ??
      ARTICLE_LIMITS.contentCharacters,
  );
  return {
    root: project.root,
    posts: [...byFile.values()],
    messages,
    delivery,
    general,
    errorCount: problems.errors.length + general.length,
    limits: { ...options.limits, content: contentLimit },
  };
}

/** The selected post whose page is at `pathname` (as the browser shows it, base included). */
export function postAt(model: PreviewModel, pathname: string): PostPreview | undefined {
  const wanted = trimSlashes(decodeURI(pathname));
  return model.posts.find((post) => post.pathname !== undefined && trimSlashes(post.pathname) === wanted);
}

function toPreview(post: SelectedPost, project: DevProject): PostPreview {
  const named = post.settings.title ?? post.frontmatter['title'];
  const preview: PostPreview = {
    file: post.file,
    absolutePath: post.absolutePath,
    slug: post.slug,
    title: typeof named === 'string' && named.trim() ? named.trim() : post.file,
    problems: [],
  };
  const address = postPathname(post, project.options.postUrl);
  if (!/^[a-z]+:/i.test(address)) {
    const joined = [trimSlashes(project.base), trimSlashes(address)].filter(Boolean).join('/');
    preview.pathname = `/${joined}${joined && address.endsWith('/') ? '/' : ''}`;
  }
  return preview;
}

function unreadPost(file: string, root: string): PostPreview {
  return { file, absolutePath: path.join(root, file), slug: file, title: file, problems: [] };
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
}
