import type { WeixinArticle } from '@astro-weixin/markdown';
import { hiddenCharacters } from '@astro-weixin/rules';
import type { ResolvedOptions } from '../config/options.js';
import type { SelectedPost } from '../select/posts.js';
import type { ProblemList } from '../utils/problems.js';

/**
 * Title, author and digest, from `weixin:` settings, the front matter, the options and the rendered
 * post, each checked against WeChat's limits with the front matter line of the field at fault.
 */
export function articleFields(
  post: SelectedPost,
  result: Pick<WeixinArticle, 'title' | 'digest'>,
  options: ResolvedOptions,
  problems: ProblemList,
): { title: string; author?: string; digest?: string } {
  const line = (key: string) => ({ line: post.parsed.lines.get(key) });

  const title = (post.settings.title ?? result.title ?? '').trim();
  if (!title)
    problems.error(post.file, 'the post has no title: add `title:` to the front matter (or `weixin.title`)', {
      line: 1,
    });
  else if ([...title].length > options.limits.title) {
    const key = post.settings.title ? 'weixin.title' : 'title';
    problems.error(
      post.file,
      `the title is ${[...title].length} characters, over WeChat's ${options.limits.title}: set a shorter \`weixin.title\``,
      line(key),
    );
  }

  const authorValue = post.settings.author ?? stringField(post.frontmatter['author']) ?? options.author;
  const author = authorValue?.trim() || undefined;
  if (author && [...author].length > options.limits.author) {
    const key = post.settings.author ? 'weixin.author' : 'author';
    problems.error(
      post.file,
      `the author "${author}" is ${[...author].length} characters, over WeChat's ${options.limits.author}: set a shorter \`weixin.author\``,
      line(key),
    );
  }

  refuseHidden(post, problems, 'title', title, post.settings.title ? 'weixin.title' : 'title');
  refuseHidden(post, problems, 'author', author, post.settings.author ? 'weixin.author' : 'author');

  let digest = (post.settings.digest ?? result.digest)?.trim() || undefined;
  if (post.settings.digest) refuseHidden(post, problems, 'digest', digest, 'weixin.digest');
  // A digest taken from the text drops what a reader cannot see rather than failing the build.
  else if (digest) digest = dropHidden(digest);
  if (digest && [...digest].length > options.limits.digest) {
    if (post.settings.digest) {
      problems.error(
        post.file,
        `\`weixin.digest\` is ${[...digest].length} characters, over WeChat's ${options.limits.digest}`,
        line('weixin.digest'),
      );
    } else {
      // A digest we derived (or took from `description`) is cut to fit rather than failing the build.
      digest = `${[...digest].slice(0, options.limits.digest - 1).join('')}…`;
    }
  }

  return { title, ...(author ? { author } : {}), ...(digest ? { digest } : {}) };
}

/**
 * A control or bidirectional character in a field would reach WeChat as it is: an error at the
 * field's line, naming the character and its column.
 */
function refuseHidden(
  post: SelectedPost,
  problems: ProblemList,
  field: string,
  value: string | undefined,
  key: string,
): void {
  const hidden = value ? hiddenCharacters(value) : [];
  if (hidden.length === 0) return;
  const where = hidden.map((found) => `${found.label} at character ${found.column}`).join(', ');
  problems.error(
    post.file,
    `the ${field} holds ${where}, which readers cannot see: retype the ${field} without it (\`${key}\`)`,
    { line: post.parsed.lines.get(key) ?? 1 },
  );
}

function dropHidden(text: string): string {
  const hidden = new Set(hiddenCharacters(text).map((found) => found.column));
  return [...text].filter((_, index) => !hidden.has(index + 1)).join('');
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
