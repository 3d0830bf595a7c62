import { planBatches } from '../messages/batches.js';
import { reportSelection } from '../select/left-out.js';
import { CheckInputs } from '../select/post-files.js';
import type { LeftOutPost } from '../select/posts.js';
import { type CheckOutcome, reusedChecks, saveChecks } from './snapshot.js';
import { ProblemList, formatProblem } from '../utils/problems.js';
import type { CheckedPosts, RunContext } from '../context.js';
import type { Logger } from '../utils/logger.js';
import { publishingSettings, readEnv, resolveDelivery } from '../config/settings.js';
import { plural } from '../utils/plural.js';
import type { PreparedArticle } from '../render/article.js';

/**
 * Selects, renders and checks every post, without uploading anything; throws one error listing every
 * author mistake. Runs at `astro:build:start`, before Astro renders pages, so a broken post is named here.
 */
export async function checkPosts(context: Omit<RunContext, 'outDir'>): Promise<CheckedPosts | undefined> {
  const { options, logger } = context;
  const env = readEnv(context.root, context.env);
  // A wrong delivery setting (from WEIXIN_DELIVER) stops the build before any work.
  const delivery = resolveDelivery(options, env);
  const renderLog = logger.fork('astro-weixin:render');
  let outcome = await reusedChecks(context);
  if (outcome) {
    if (outcome.posts > 0) {
      renderLog.info(
        `${outcome.posts} of ${plural(outcome.posts, 'post')} unchanged since the last build (the checks of then still hold)`,
      );
    }
    for (const warning of outcome.warnings) logger.warn(formatProblem(warning));
  } else {
    outcome = await runChecks(context, renderLog);
  }
  reportSelection(logger, outcome.posts, outcome.leftOut);
  if (outcome.posts === 0) return undefined;
  const batches = planBatches(outcome.articles, options, new ProblemList());
  const settings = publishingSettings(options, env);
  const publishes = context.mode !== 'check' && !context.dryRun && settings.credentials && settings.switchedOn;
  // The API client and its dependencies load only for a build that publishes.
  const publishing = publishes ? await import('../publish/publish-posts.js') : undefined;
  if (publishing && delivery.deliver === 'sendall' && !delivery.confirmNeverSent)
    await publishing.refuseUnprovenSends(context, settings, batches);
  const client = publishing ? await publishing.clientAhead(context, settings, delivery, batches) : undefined;
  return { articles: outcome.articles, batches, delivery, env, publishes, ...(client ? { client } : {}) };
}

/** Selects, renders and checks every post; throws one error listing every author mistake. */
async function runChecks(context: Omit<RunContext, 'outDir'>, renderLog: Logger): Promise<CheckOutcome> {
  const { options, logger } = context;
  // Loaded only when the checks run: a rebuild with nothing changed reuses the last ones.
  const [{ selectPosts }, { prepareArticles }] = await Promise.all([
    import('../select/posts.js'),
    import('../render/prepare.js'),
  ]);
  const problems = new ProblemList();
  const inputs = new CheckInputs();
  const leftOut: LeftOutPost[] = [];
  const posts = await selectPosts({ ...context, inputs, leftOut }, problems);
  if (posts.length === 0 && problems.items.length === 0) {
    const outcome = { posts: 0, articles: [], warnings: [], leftOut };
    await saveChecks(context, inputs, [], outcome);
    return outcome;
  }
  let done = 0;
  let unchanged = 0;
  const checked = await prepareArticles(posts, {
    root: context.root,
    srcDir: context.srcDir,
    publicDir: context.publicDir,
    cacheDir: context.cacheDir,
    options,
    problems,
    onProgress: (post, article, rendered) => {
      done += 1;
      // A line per post rendered now (the long work); posts unchanged since the last build are counted once below.
      if (article && !rendered) {
        unchanged += 1;
        return;
      }
      renderLog.info(`[${done}/${posts.length}] ${post.file} — ${renderedWhat(article)}`);
    },
  });
  if (unchanged > 0) {
    renderLog.info(
      `${unchanged} of ${plural(posts.length, 'post')} unchanged since the last build (from the render cache)`,
    );
  }
  // Posts with problems take part in the batch checks too, so one mistake hides no other.
  planBatches(checked.members, options, problems);
  for (const warning of problems.warnings) logger.warn(formatProblem(warning));
  problems.throwIfErrors();
  const outcome = { posts: posts.length, articles: checked.articles, warnings: problems.warnings, leftOut };
  await saveChecks(context, inputs, checked.images, outcome);
  return outcome;
}

/** A post's progress line after its dash: what it holds, or that it has problems. */
function renderedWhat(article: PreparedArticle | undefined): string {
  if (!article) return 'has problems';
  return `${plural(article.images.length, 'image')}, ${article.stats.textCharacters} characters`;
}
