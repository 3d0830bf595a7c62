import { characters, IMAGE_POST_LIMITS, visibleText } from '@astro-weixin/rules';
import type { PreparedImage } from './article.js';
import type { ResolvedOptions } from '../config/options.js';
import type { SelectedPost } from '../select/posts.js';
import type { ProblemList } from '../utils/problems.js';

/**
 * An image post's text as WeChat takes it, plain: paragraphs, headings, list items and line breaks
 * become new lines, every tag goes, entities are decoded.
 */
export function imagePostText(html: string): string {
  const lines = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|li|blockquote|pre|tr|section|div)>/gi, '\n\n')
    .replace(/<li\b[^>]*>/gi, '· ');
  return visibleText(lines)
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * An image post's mistakes, at the line of `weixin.type` (or the picture past the limit): a target
 * other than the draft box, no picture, too many, no text or too much of it.
 */
export function checkImagePost(
  post: SelectedPost,
  pictures: PreparedImage[],
  pictureLines: (number | undefined)[],
  text: string,
  { options, problems }: { options: ResolvedOptions; problems: ProblemList },
): void {
  const line = post.parsed.lines.get('weixin.type') ?? 1;
  const error = (message: string, at = line) => problems.error(post.file, message, { line: at });
  if (options.target !== 'draft')
    error(
      "an image post (`type: newspic`) exists only in the draft box: set `target: 'draft'` in the integration's options, or remove `type: newspic`",
    );
  const max = IMAGE_POST_LIMITS.pictures;
  if (pictures.length === 0)
    error('an image post (`type: newspic`) needs at least one picture: add images to the post (`![](./photo.jpg)`)');
  if (pictures.length > max)
    error(
      `an image post holds at most ${max} pictures; this one has ${pictures.length}: remove ${pictures.length - max} or split the post`,
      pictureLines[max] ?? line,
    );
  if (post.settings.batch !== undefined)
    problems.warn(post.file, 'an image post is a draft of its own: its `batch` is not used', {
      line: post.parsed.lines.get('weixin.batch'),
    });
  const length = characters(text);
  if (length === 0) error('an image post needs some text under its pictures: WeChat refuses an empty one');
  if (length > IMAGE_POST_LIMITS.textCharacters)
    error(
      `an image post's text is ${length} characters, over the ${IMAGE_POST_LIMITS.textCharacters} WeChat takes: shorten it`,
    );
}
