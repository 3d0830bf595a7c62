import type { VFile } from 'vfile';
import type { WeixinArticle } from './types.js';

/** What rehype-weixin and the title and front matter passes left on the file, as one result. */
export function toArticle(file: VFile, html: string, title: string | undefined): WeixinArticle {
  const data = file.data.weixin;
  return {
    html,
    assets: data?.assets ?? [],
    ...(title ? { title } : {}),
    ...(data?.digest ? { digest: data.digest } : {}),
    frontmatter: file.data.matter ?? {},
    references: data?.references ?? [],
    stats: data?.stats ?? { htmlCharacters: html.length, textCharacters: 0, bytes: Buffer.byteLength(html) },
    messages: file.messages,
    file,
  };
}
