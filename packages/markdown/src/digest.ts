import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { frontmatterString } from './frontmatter.js';

/**
 * The author's digest (front matter `digest`, else `description`) rides on the file, where
 * rehype-weixin looks before deriving one, so one processor (one highlighter) serves every post.
 */
export function remarkAuthorDigest() {
  return function transform(_tree: Root, file: VFile): void {
    const digest = frontmatterString(file, 'digest') ?? frontmatterString(file, 'description');
    if (!digest) return;
    file.data.weixin ??= {
      assets: [],
      references: [],
      stats: { htmlCharacters: 0, textCharacters: 0, bytes: 0 },
    };
    file.data.weixin.digest = digest;
  };
}
