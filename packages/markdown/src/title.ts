import type { Root } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { frontmatterString } from './frontmatter.js';

declare module 'vfile' {
  interface DataMap {
    /** The text of the leading `# heading`, taken out of the body. */
    weixinHeadingTitle: string;
  }
}

/** WeChat shows the title above the article, so a leading `# title` would show it twice. */
export function remarkTakeTitleHeading() {
  return function transform(tree: Root, file: VFile): void {
    const index = tree.children.findIndex((node) => node.type !== 'yaml' && node.type !== 'html');
    const first = tree.children[index];
    if (first?.type === 'heading' && first.depth === 1) {
      file.data.weixinHeadingTitle = mdastToString(first, { includeImageAlt: false });
      tree.children.splice(index, 1);
    }
  };
}

/** The front matter `title`, else the leading heading; a post with neither gets an error at 1:1. */
export function articleTitle(file: VFile): string | undefined {
  const title = frontmatterString(file, 'title') ?? file.data.weixinHeadingTitle;
  if (!title) {
    file.message('the post has no title: add `title:` to the front matter or start with a `# heading`', {
      place: { line: 1, column: 1 },
      ruleId: 'missing-title',
      source: '@astro-weixin/markdown',
    }).fatal = true;
  }
  return title;
}
