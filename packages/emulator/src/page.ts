import { parseAttributes } from './content.js';
import type { StoredArticle } from './store.js';

/**
 * The preview page: each graphic message as a follower's phone shows it. Server-rendered, no
 * scripts, no external assets: images come from the emulator itself.
 */
export interface PageMessage {
  kind: 'news' | 'draft' | 'publish';
  id: string;
  appid: string;
  /** Seconds. */
  time: number;
  /** `pictureUrls`: an image post's pictures, in order. */
  articles: Array<StoredArticle & { thumbUrl: string | undefined; pictureUrls?: string[] }>;
}

const KIND_LABEL: Record<PageMessage['kind'], string> = {
  news: '群发图文 · uploadnews',
  draft: '草稿 · draft',
  publish: '已发表 · freepublish',
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** WeChat shows times in Beijing time. */
function formatTime(seconds: number): string {
  const d = new Date((seconds + 8 * 3600) * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const viewUrl = (m: PageMessage, index: number) => `/__emulator/view/${m.kind}/${encodeURIComponent(m.id)}/${index}`;
const cover = (url: string | undefined, className: string) =>
  url ? `<img class="${className}" src="${escapeHtml(url)}" alt="">` : `<div class="${className} nocover"></div>`;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#ededed;font:15px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;color:#191919}
header{background:#ededed;border-bottom:1px solid #d9d9d9;text-align:center;padding:12px;font-weight:600;font-size:16px;position:sticky;top:0}
header small{display:block;font-weight:400;font-size:11px;color:#888}
main{max-width:390px;margin:0 auto;padding:8px 12px 40px}
.time{text-align:center;margin:18px 0 8px;font-size:12px;color:#999}
.card{display:block;background:#fff;border-radius:8px;overflow:hidden;color:inherit;text-decoration:none;margin-bottom:6px}
.lead{position:relative;display:block;color:#fff;text-decoration:none}
.lead .cover{display:block;width:100%;aspect-ratio:2.35/1;object-fit:cover;background:#c8c8c8}
.lead .title{position:absolute;left:0;right:0;bottom:0;padding:24px 14px 10px;font-size:17px;line-height:1.35;background:linear-gradient(transparent,rgba(0,0,0,.6))}
.single .title{position:static;background:none;color:#191919;padding:10px 14px 4px}
.digest{padding:0 14px 12px;color:#888;font-size:14px}
.row{display:flex;align-items:center;gap:12px;padding:12px 14px;border-top:1px solid #eee;color:#191919;text-decoration:none}
.row .title{flex:1;font-size:16px;line-height:1.4}
.row .thumb{width:52px;height:52px;object-fit:cover;flex:none;background:#c8c8c8;border-radius:2px}
.nocover{background:#c8c8c8}
.kind{font-size:11px;color:#999;padding:6px 14px;border-top:1px solid #eee}
.empty{text-align:center;color:#999;margin-top:80px}
`;

const ARTICLE_STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#191919;font:17px/1.75 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif}
.phone{max-width:414px;margin:0 auto;padding:20px 16px 40px}
.back{font-size:14px;color:#576b95;text-decoration:none}
h1{font-size:22px;line-height:1.4;margin:14px 0 10px;font-weight:600}
.meta{font-size:15px;color:rgba(0,0,0,.3);margin-bottom:22px}
.meta .account{color:#576b95;margin:0 6px}
.content{overflow-wrap:break-word}
.content img{max-width:100%!important;height:auto!important}
.content pre,.content code{white-space:pre-wrap}
.content a[data-miniprogram-appid]{color:#576b95;text-decoration:none}
.mp-card{display:block;border:1px solid #e5e5e5;border-radius:6px;padding:10px 12px;margin:12px 0;font-size:15px;line-height:1.4}
.mp-card .mp-title{margin-bottom:8px}
.mp-card img{display:block;width:100%;aspect-ratio:5/4;object-fit:cover;background:#eee}
.mp-card .mp-foot{font-size:12px;color:#999;margin-top:8px;padding-top:6px;border-top:1px solid #eee}
.source{display:inline-block;margin-top:28px;font-size:15px;color:#576b95;text-decoration:none}
.flags{margin-top:18px;font-size:12px;color:#aaa}
.pictures{display:flex;overflow-x:auto;scroll-snap-type:x mandatory;margin:10px -16px 4px;background:#000}
.pictures img{flex:0 0 100%;width:100%;aspect-ratio:3/4;object-fit:contain;scroll-snap-align:center}
.count{font-size:12px;color:#aaa;text-align:center}
.text{white-space:pre-wrap;margin:12px 0 0}
`;

function page(title: string, style: string, body: string): string {
  return `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body>${body}</body></html>\n`;
}

export function renderIndex(messages: PageMessage[]): string {
  const cards = messages.map((m) => {
    const [lead, ...rest] = m.articles;
    if (!lead) return '';
    const single = rest.length === 0;
    const rows = rest
      .map(
        (a, i) =>
          `<a class="row" href="${viewUrl(m, i + 1)}"><span class="title">${escapeHtml(a.title)}</span>${cover(a.thumbUrl, 'thumb')}</a>`,
      )
      .join('');
    return `<div class="time">${formatTime(m.time)}</div>
<section class="card${single ? ' single' : ''}" data-kind="${m.kind}" data-media-id="${escapeHtml(m.id)}">
<a class="lead" href="${viewUrl(m, 0)}">${cover(lead.thumbUrl, 'cover')}<span class="title">${escapeHtml(lead.title)}</span></a>
${single && lead.digest ? `<div class="digest">${escapeHtml(lead.digest)}</div>` : ''}${rows}
<div class="kind">${KIND_LABEL[m.kind]} · ${escapeHtml(m.appid)}</div>
</section>`;
  });
  const body = messages.length
    ? cards.join('\n')
    : '<p class="empty">No graphic messages yet: upload one with media/uploadnews or draft/add.</p>';
  return page(
    '@astro-weixin/emulator',
    STYLE,
    `<header>公众号消息<small>weixin-emulator · ${messages.length} message(s)</small></header><main>${body}</main>`,
  );
}

/** Mini-program cards are empty custom elements; the phone draws them as cards, so do we. */
function previewContent(html: string): string {
  return html.replace(
    /<(mp-common-miniprogram|mp-miniprogram)\b([^>]*)>\s*<\/\1>/gi,
    (_whole, _tag: string, attributes: string) => {
      const attrs = new Map(parseAttributes(attributes).map((a) => [a.name, a.value]));
      const title = attrs.get('data-miniprogram-title') ?? '';
      const image = attrs.get('data-miniprogram-imageurl') ?? attrs.get('data-progarm-imageurl');
      return `<span class="mp-card" data-miniprogram-appid="${escapeHtml(attrs.get('data-miniprogram-appid') ?? '')}"><span class="mp-title" style="display:block">${escapeHtml(title)}</span>${image ? `<img src="${escapeHtml(image)}" alt="">` : ''}<span class="mp-foot" style="display:block">小程序 · ${escapeHtml(attrs.get('data-miniprogram-path') ?? '')}</span></span>`;
    },
  );
}

export function renderArticle(message: PageMessage, index: number): string {
  const a = message.articles[index]!;
  const meta = [
    a.author ? `<span class="author">${escapeHtml(a.author)}</span>` : '',
    `<span class="account">${escapeHtml(message.appid)}</span>`,
    `<span class="date">${formatTime(message.time)}</span>`,
  ].join('');
  const source = a.content_source_url
    ? `<a class="source" href="${escapeHtml(a.content_source_url)}">阅读原文</a>`
    : '';
  const flags = `comments ${a.need_open_comment ? 'on' : 'off'}${a.need_open_comment && a.only_fans_can_comment ? ' (followers only)' : ''} · ${KIND_LABEL[message.kind]}`;
  if (a.pictureUrls) return imagePostPage(a, a.pictureUrls, flags);
  // The content is shown as stored: already filtered of scripts and foreign images.
  return page(
    a.title,
    ARTICLE_STYLE,
    `<div class="phone"><a class="back" href="/__emulator/">‹ 返回</a><h1>${escapeHtml(a.title)}</h1><div class="meta">${meta}</div><div class="content">${previewContent(a.content)}</div>${source}<div class="flags">${flags}</div></div>`,
  );
}

/** An image post (newspic) as the phone shows it: the pictures to swipe, then the title and the plain text. */
function imagePostPage(a: StoredArticle, pictures: string[], flags: string): string {
  const images = pictures.map((url, i) => `<img src="${escapeHtml(url)}" alt="${i + 1}/${pictures.length}">`).join('');
  return page(
    a.title,
    ARTICLE_STYLE,
    `<div class="phone image-post"><a class="back" href="/__emulator/">‹ 返回</a><div class="pictures">${images}</div><div class="count">${pictures.length} 张图片 · 左右滑动</div><h1>${escapeHtml(a.title)}</h1><p class="text">${escapeHtml(a.content)}</p><div class="flags">${flags} · 图片消息 newspic</div></div>`,
  );
}
