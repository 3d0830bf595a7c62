import { escapeHtml } from '@astro-weixin/rules';
import type { ImagePostArticle } from '@astro-weixin/api';
import { type ApiArticle, isImagePost } from '../messages/publish-batches.js';

/** How a phone shows WeChat messages and articles; shared by the dry run and the dev preview. */
const PHONE_CSS = `body{margin:0;background:#ededed;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;color:#222}
.phone{max-width:414px;margin:0 auto;padding:16px 12px}
.note{font-size:12px;color:#888;margin:0 0 12px}
.message{background:#fff;border-radius:8px;overflow:hidden;margin-bottom:18px}
.lead{position:relative;display:block;color:#fff;text-decoration:none}
.lead img{display:block;width:100%;aspect-ratio:2.35/1;object-fit:cover;background:#ccc}
.lead span{position:absolute;left:0;right:0;bottom:0;padding:24px 14px 10px;background:linear-gradient(transparent,rgba(0,0,0,.6));font-size:17px}
.row{display:flex;align-items:center;gap:10px;padding:10px 14px;border-top:1px solid #eee;color:#222;text-decoration:none}
.delivery{margin:0;padding:8px 14px;border-top:1px solid #eee;font-size:13px;color:#576b95}
.row span{flex:1}.row img{width:56px;height:56px;object-fit:cover;background:#ccc}
article{background:#fff;padding:20px 16px;margin-bottom:18px}
article h1{font-size:22px;line-height:1.4;margin:0 0 8px}.meta{color:#888;font-size:14px;margin-bottom:18px}
.pictures{display:flex;overflow-x:auto;scroll-snap-type:x mandatory;margin:-20px -16px 14px;background:#000}
.pictures img{flex:0 0 100%;width:100%;aspect-ratio:3/4;object-fit:contain;scroll-snap-align:center}
.swipe{color:#888;font-size:12px;text-align:center;margin:-8px 0 12px}.text{white-space:pre-wrap;margin:0}`;

/** A whole page at phone width; `head` adds styles or scripts after the phone CSS. */
export function phoneDocument(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PHONE_CSS}</style>${head}</head>
<body><div class="phone">${body}</div></body></html>\n`;
}

/** The picture a message list shows for an article: its cover, or an image post's first picture. */
export function thumbOf(article: ApiArticle): string {
  return isImagePost(article) ? (article.image_info.image_list[0]?.image_media_id ?? '') : article.thumb_media_id;
}

/** An image post as WeChat shows it: the pictures to swipe, then the title and the plain text. */
function imagePostBody(article: ImagePostArticle, assetBase: string): string {
  const pictures = article.image_info.image_list.map(
    (picture, index) =>
      `<img src="${escapeHtml(picture.image_media_id.replace(/^images\//, `${assetBase}images/`))}" alt="${index + 1}/${article.image_info.image_list.length}">`,
  );
  return `<article class="image-post"><div class="pictures">${pictures.join('')}</div><p class="swipe">${pictures.length > 1 ? `← swipe · ${pictures.length} pictures →` : '1 picture'}</p><h1>${escapeHtml(article.title)}</h1><p class="text">${escapeHtml(article.content)}</p></article>`;
}

/** The article as a phone shows it: title, author, content as WeChat stores it. */
export function articleBody(article: ApiArticle, assetBase: string): string {
  if (isImagePost(article)) return imagePostBody(article, assetBase);
  const content = article.content.replace(/(<img\b[^>]*\bsrc=")(images\/)/g, `$1${assetBase}$2`);
  return `<article><h1>${escapeHtml(article.title)}</h1><div class="meta">${escapeHtml(article.author ?? '')}</div>${content}${
    article.content_source_url
      ? `<p class="meta"><a href="${escapeHtml(article.content_source_url)}">阅读原文</a></p>`
      : ''
  }</article>`;
}

/** One article as a page of its own (the dry run writes one per article). */
export function articlePage(article: ApiArticle, assetBase: string): string {
  return phoneDocument(article.title, articleBody(article, assetBase));
}

export interface MessageCardItem {
  title: string;
  thumb: string;
  href: string;
}

/** A message in the chat: the first article big over its cover, the rest as rows, then what delivery does. */
export function messageCard(message: { batch: string; items: MessageCardItem[]; delivery: string }): string {
  const [lead, ...rest] = message.items;
  if (!lead) return '';
  return `<section class="message" data-batch="${escapeHtml(message.batch)}">
<a class="lead" href="${escapeHtml(lead.href)}"><img src="${escapeHtml(lead.thumb)}" alt=""><span>${escapeHtml(lead.title)}</span></a>
${rest.map((item) => `<a class="row" href="${escapeHtml(item.href)}"><span>${escapeHtml(item.title)}</span><img src="${escapeHtml(item.thumb)}" alt=""></a>`).join('\n')}
<p class="delivery">${escapeHtml(message.delivery)}</p>
</section>`;
}
