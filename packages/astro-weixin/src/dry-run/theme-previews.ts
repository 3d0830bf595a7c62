import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceAssetPlaceholders } from 'rehype-weixin/placeholders';
import { articleFileName, type DryRunSink, type ThemeLinks, writeDryRunIndex } from './sink.js';
import type { ResolvedOptions } from '../config/options.js';
import { articlePage } from '../preview/phone.js';
import { previewThemes, withTheme } from '../preview/themes.js';
import { prepareArticles } from '../render/prepare.js';
import type { PreparedArticle, PrepareContext } from '../render/article.js';
import { ProblemList } from '../utils/problems.js';
import { isImagePost, type MessageOutcome } from '../messages/publish-batches.js';

/**
 * With `previewThemes`, the dry run also shows every message in each other built-in theme, so an
 * author can compare looks before choosing `render.theme.name`: the same posts rendered again,
 * with the images already written, and an index per theme that links to the others.
 */
export async function writeThemePreviews(
  sink: DryRunSink,
  outcomes: MessageOutcome[],
  articles: PreparedArticle[],
  context: Omit<PrepareContext, 'problems' | 'options'> & { options: ResolvedOptions },
): Promise<ThemeLinks> {
  const [configured, ...others] = previewThemes(context.options);
  const links: ThemeLinks = {
    all: [
      { name: configured!.name, index: 'index.html' },
      ...others.map(({ name }) => ({ name, index: `index-${name}.html` })),
    ],
  };
  const posts = articles.map((article) => article.post);
  for (const theme of others) {
    const { name } = theme;
    const options = withTheme(context.options, theme);
    // Problems were reported by the build's own rendering; the same posts bring the same ones.
    const themed = await prepareArticles(posts, { ...context, options, problems: new ProblemList() });
    const byFile = new Map(themed.articles.map((article) => [article.post.file, article]));
    for (const outcome of outcomes) {
      for (const [index, member] of outcome.batch.articles.entries()) {
        const article = byFile.get(member.post.file);
        const sent = outcome.articles[index];
        if (!article || !sent) continue;
        const files = new Map(article.images.map((image) => [image.placeholder, sink.fileOf(image) ?? '']));
        // An image post's text is plain: a theme does not change it.
        const page = isImagePost(sent)
          ? articlePage(sent, '../')
          : articlePage({ ...sent, content: replaceAssetPlaceholders(article.html, files) }, '../');
        await writeFile(path.join(sink.outDir, 'articles', `${articleFileName(article)}.${name}.html`), page);
      }
    }
    await writeDryRunIndex(sink.outDir, outcomes, sink.delivery, { ...links, current: name });
  }
  return links;
}
