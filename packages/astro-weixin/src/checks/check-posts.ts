import { planBatches } from '../messages/batches.js';
import { reportSelection } from '../select/left-out.js';
import { CheckInputs } from '../select/post-files.js';
import type { LeftOutPost, SelectedPost } from '../select/posts.js';
import { type CheckOutcome, reusedChecks, saveChecks } from './snapshot.js';
import { ProblemList, formatProblem } from '../utils/problems.js';
import type { AccountPosts, CheckedPosts, RunContext } from '../context.js';
import type { Logger } from '../utils/logger.js';
import { checkHost } from '../config/deploy-host.js';
import { publishingSettings, readEnv, resolveDelivery } from '../config/settings.js';
import { accountNames, optionsForAccount } from '../config/accounts.js';
import { plural } from '../utils/plural.js';
import type { PreparedArticle } from '../render/article.js';
import type { ImageLookup } from '../images/sources.js';
import type { CheckedMember } from '../render/article.js';
import { checkCredentials } from './credentials.js';

/**
 * Selects, renders and checks every post, without uploading anything; throws one error listing every
 * author mistake. Runs at `astro:build:start`, before Astro renders pages, so a broken post is named here.
 */
export async function checkPosts(context: Omit<RunContext, 'outDir'>): Promise<CheckedPosts | undefined> {
  const { options, logger } = context;
  const env = readEnv(context.root, context.env);
  // A wrong delivery setting (from WEIXIN_DELIVER) stops the build before any work.
  const names = accountNames(options);
  for (const name of names.length > 0 ? names : [undefined]) resolveDelivery(optionsForAccount(options, name), env);
  const renderLog = logger.fork('astro-weixin:render');
  let outcome = await reusedChecks(context);
  const unchanged = outcome !== undefined;
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
  const accounts = accountsOf(outcome.articles, context.options, env);
  const publishes =
    context.mode !== 'check' &&
    !context.dryRun &&
    accounts.some((account) => account.settings.credentials && account.settings.switchedOn);
  // An account with posts and no credentials would leave them behind without a word.
  if (publishes) checkCredentials(accounts);
  if (publishes) {
    // The API client and its dependencies load only for a build that publishes.
    const { clientAhead, refuseUnprovenSends } = await import('../publish/publish-posts.js');
    // A mass send that nothing proves new stops the build here, before anything moves in any account.
    // A host that cannot deliver exactly once stops the build here, before any upload.
    for (const account of accounts) {
      if (!account.settings.credentials || !account.settings.switchedOn) continue;
      const hostSettings = { ...account.options, ...account.delivery, realApi: account.settings.realApi };
      checkHost(context.env ?? process.env, env, hostSettings, (m) => logger.warn(m));
    }
    for (const account of accounts) {
      if (account.delivery.deliver === 'sendall' && !account.delivery.confirmNeverSent)
        await refuseUnprovenSends({ ...context, options: account.options }, account.settings, account.batches);
    }
    for (const account of accounts) {
      const client = await clientAhead(
        { ...context, options: account.options },
        account.settings,
        account.delivery,
        account.batches,
      );
      if (client) account.client = client;
    }
  }
  return { accounts, env, publishes, unchanged };
}

/** The checked articles account by account, each with its options, messages, delivery and credentials. */
function accountsOf(
  articles: PreparedArticle[],
  options: RunContext['options'],
  env: Record<string, string | undefined>,
): AccountPosts[] {
  const names = accountNames(options);
  return (names.length > 0 ? names : [undefined]).flatMap((name) => {
    const own = articles.filter((article) => article.account === name);
    if (own.length === 0) return [];
    const accountOptions = optionsForAccount(options, name);
    return [
      {
        ...(name === undefined ? {} : { name }),
        options: accountOptions,
        settings: publishingSettings(accountOptions, env, name),
        articles: own,
        batches: planBatches(own, accountOptions, new ProblemList()),
        delivery: resolveDelivery(accountOptions, env),
      },
    ];
  });
}

/** Selects, renders and checks every post; throws one error listing every author mistake. */
async function runChecks(context: Omit<RunContext, 'outDir'>, renderLog: Logger): Promise<CheckOutcome> {
  const { options, logger } = context;
  // Loaded only when the checks run: a rebuild with nothing changed reuses the last ones.
  const [{ selectPosts }, { postsByAccount }] = await Promise.all([
    import('../select/posts.js'),
    import('../select/accounts.js'),
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
  const articles: PreparedArticle[] = [];
  const images: ImageLookup[] = [];
  const groups = postsByAccount(posts, options, problems);
  for (const group of groups) {
    const label = group.name !== undefined && groups.length > 1 ? `${group.name}: ` : '';
    const checked = await checkAccountPosts(context, { ...group, label }, problems, renderLog);
    articles.push(...checked.articles);
    images.push(...checked.images);
  }
  for (const warning of problems.warnings) logger.warn(formatProblem(warning));
  problems.throwIfErrors();
  const outcome = { posts: posts.length, articles, warnings: problems.warnings, leftOut };
  await saveChecks(context, inputs, images, outcome);
  return outcome;
}

/** Renders and checks one account's posts with its options; each article is marked with the account. */
async function checkAccountPosts(
  context: Omit<RunContext, 'outDir'>,
  group: { name: string | undefined; posts: SelectedPost[]; label: string },
  problems: ProblemList,
  renderLog: Logger,
): Promise<{ articles: PreparedArticle[]; images: ImageLookup[] }> {
  const { prepareArticles } = await import('../render/prepare.js');
  const options = optionsForAccount(context.options, group.name);
  const { posts } = group;
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
      renderLog.info(`[${done}/${posts.length}] ${group.label}${post.file} — ${renderedWhat(article)}`);
    },
  });
  if (unchanged > 0) {
    renderLog.info(
      `${group.label}${unchanged} of ${plural(posts.length, 'post')} unchanged since the last build (from the render cache)`,
    );
  }
  // Posts with problems take part in the batch checks too, so one mistake hides no other.
  planBatches<CheckedMember>(checked.members, options, problems);
  if (group.name !== undefined) for (const article of checked.articles) article.account = group.name;
  return checked;
}

/** A post's progress line after its dash: what it holds, or that it has problems. */
function renderedWhat(article: PreparedArticle | undefined): string {
  if (!article) return 'has problems';
  return `${plural(article.images.length, 'image')}, ${article.stats.textCharacters} characters`;
}
