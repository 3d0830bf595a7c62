import path from 'node:path';
import { characters, escapeHtml } from '@astro-weixin/rules';
import { lightDarkArticle } from '../preview/dark.js';
import { messageCard, phoneDocument, thumbOf } from '../preview/phone.js';
import { formatPlace, type Problem } from '../utils/problems.js';
import type { PostPreview, PreviewModel } from './model.js';
import type { PreviewTheme } from '../preview/themes.js';
import { plural } from '../utils/plural.js';

export const PREVIEW_PATH = '/__weixin/';

const DEV_CSS = `<style>
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px;margin:0 0 12px;font-size:13px;color:#555}
.bar strong{font-size:16px;color:#222}.bar a{color:#576b95}.bar select{margin-left:auto;font:inherit}
.problems,.checks{background:#fff;border-radius:8px;padding:10px 14px;margin:0 0 18px;font-size:13px}
.problems h2,.checks h2{font-size:14px;margin:0 0 6px}.problems ul,.issues{margin:6px 0 0;padding:0;list-style:none}
.problem{padding:4px 0;border-top:1px solid #f2f2f2;overflow-wrap:anywhere}.problem:first-child{border-top:0}
.problem.error .severity{color:#d03030}.problem.warning .severity{color:#b07000}
.place{font-family:ui-monospace,Menlo,monospace;color:#576b95}
.checks h2 a{color:#222}.checks dl{display:grid;grid-template-columns:auto 1fr auto;gap:2px 10px;margin:6px 0 0}
.checks dt{color:#888}.checks dd{margin:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.checks .count{text-align:right;font-variant-numeric:tabular-nums;color:#1a7f37}.checks .over{color:#d03030;font-weight:600}
.cover{display:flex;gap:10px;align-items:center;margin-top:8px;color:#888}.cover img{width:84px;aspect-ratio:2.35/1;object-fit:cover;background:#ccc}
</style>`;

/** The live page: every marked post, grouped into the messages they would form, with their checks. */
export function indexPage(model: PreviewModel, themes: PreviewTheme[], theme: PreviewTheme, version: string): string {
  const query = themeQuery(themes, theme);
  const sent = new Set(model.messages.flatMap((message) => message.posts));
  const unsent = model.posts.filter((post) => !sent.has(post));
  const messages = model.messages
    .map(
      (message) =>
        messageCard({
          batch: message.name,
          items: message.posts.map((post) => ({
            title: post.api!.title,
            thumb: thumbOf(post.api!),
            href: `${postHref(post)}${query}`,
          })),
          delivery: model.delivery,
        }) + message.posts.map((post) => checksPanel(post, model, query)).join('\n'),
    )
    .join('\n');
  const body = `${bar(themes, theme)}
<p class="note">${plural(model.messages.length, 'message')} from ${plural(model.posts.length, 'marked post')}. Updated when a post is saved; nothing is uploaded from dev.</p>
${problemsPanel(model)}
${messages}
${unsent.map((post) => checksPanel(post, model, query)).join('\n')}
${model.posts.length === 0 ? '<p class="note">No post is selected for WeChat: add <code>weixin: true</code> to a post&#39;s front matter.</p>' : ''}`;
  return phoneDocument('WeChat preview', body, DEV_CSS + liveScript(version));
}

/** One post: its checks, then the article exactly as it would be sent, at phone width. */
export function postPage(
  post: PostPreview,
  model: PreviewModel,
  themes: PreviewTheme[],
  theme: PreviewTheme,
  version: string,
): string {
  const query = themeQuery(themes, theme);
  const body = `${bar(themes, theme, `<a href="${PREVIEW_PATH}${query}">← All messages</a>`)}
${checksPanel(post, model, query)}
${post.api ? lightDarkArticle(post.api, '') : '<p class="note">Nothing would be sent for this post until the errors above are fixed.</p>'}`;
  return phoneDocument(post.title, body, DEV_CSS + liveScript(version));
}

export function postHref(post: PostPreview): string {
  return `${PREVIEW_PATH}post/${post.file.split('/').map(encodeURIComponent).join('/')}`;
}

/** Vite's own route that opens a file at a line in the author's editor (Astro's error overlay uses it). */
export function editorHref(root: string, problem: Pick<Problem, 'file' | 'line' | 'column'>): string {
  const place = [path.resolve(root, problem.file), problem.line, problem.column].filter(Boolean).join(':');
  return `/__open-in-editor?file=${encodeURIComponent(place)}`;
}

function bar(themes: PreviewTheme[], theme: PreviewTheme, back = ''): string {
  // The switcher only shows once there is a choice to make.
  const switcher =
    themes.length > 1
      ? `<select aria-label="Theme" onchange="location.search=this.value?'?theme='+encodeURIComponent(this.value):''">${themes
          .map(
            (option, index) =>
              `<option value="${index === 0 ? '' : escapeHtml(option.id)}"${option === theme ? ' selected' : ''}>${escapeHtml(option.label)}</option>`,
          )
          .join('')}</select>`
      : '';
  return `<div class="bar"><strong>WeChat preview</strong>${back}${switcher}</div>`;
}

function themeQuery(themes: PreviewTheme[], theme: PreviewTheme): string {
  return theme === themes[0] ? '' : `?theme=${encodeURIComponent(theme.id)}`;
}

function problemsPanel(model: PreviewModel): string {
  // Each post's own problems show in its panel; this one sums them up, points there, and holds the rest.
  const troubled = model.posts.filter((post) => post.problems.length > 0);
  if (troubled.length === 0 && model.general.length === 0) return '';
  const warnings = troubled.flatMap((post) => post.problems).length;
  const title =
    model.errorCount > 0 ? `The build would stop: ${plural(model.errorCount, 'error')}` : plural(warnings, 'warning');
  const general = model.general.map((message) => `<li class="problem error">${escapeHtml(message)}</li>`);
  const posts = troubled.map((post) => {
    const errors = post.problems.filter((problem) => problem.severity === 'error').length;
    const counted = errors > 0 ? plural(errors, 'error') : plural(post.problems.length, 'warning');
    return `<li class="problem"><a href="#${panelId(post)}">${escapeHtml(post.title)}</a>: ${counted}</li>`;
  });
  return `<section class="problems"><h2>${title}</h2><ul>${[...general, ...posts].join('')}</ul></section>`;
}

function panelId(post: PostPreview): string {
  return `post-${post.file.replace(/[^\w-]+/g, '-')}`;
}

function problemItem(problem: Problem, root: string): string {
  return `<li class="problem ${problem.severity}"><a class="place" data-open href="${escapeHtml(editorHref(root, problem))}">${escapeHtml(formatPlace(problem))}</a> <span class="severity">${problem.severity}</span>: ${escapeHtml(problem.message)}</li>`;
}

function checksPanel(post: PostPreview, model: PreviewModel, query: string): string {
  const article = post.article;
  const title = post.title;
  const rows = article
    ? [
        field('Title', article.title, model.limits.title),
        field('Author', article.author ?? '', model.limits.author),
        field('Digest', article.digest ?? '', model.limits.digest),
        measure('Text', 'visible characters', article.stats.textCharacters, model.limits.content),
        measure('HTML', 'characters of markup and text', article.stats.htmlCharacters, model.limits.content),
      ].join('')
    : '';
  const cover = post.api
    ? `<div class="cover"><img src="${escapeHtml(thumbOf(post.api))}" alt="Cover of ${escapeHtml(title)}"><span>Cover · ${escapeHtml(article!.cover.src)}</span></div>`
    : '';
  const problems =
    post.problems.length > 0
      ? `<ul class="issues">${post.problems.map((problem) => problemItem(problem, model.root)).join('')}</ul>`
      : '';
  return `<section class="checks" id="${panelId(post)}" data-file="${escapeHtml(post.file)}"><h2><a href="${postHref(post)}${query}">${escapeHtml(title)}</a></h2>
<div class="note">${escapeHtml(post.file)}${post.pathname ? ` · page ${escapeHtml(post.pathname)}` : ''}</div>${rows ? `<dl>${rows}</dl>` : ''}${cover}${problems}</section>`;
}

function field(name: string, value: string, limit: number): string {
  const length = characters(value);
  return `<dt>${name}</dt><dd>${escapeHtml(value) || '—'}</dd><dd class="count${length > limit ? ' over' : ''}" data-check="${name.toLowerCase()}">${length} / ${limit}</dd>`;
}

function measure(name: string, what: string, length: number, limit: number): string {
  // WeChat takes fewer than the limit, so reaching it is already too long.
  return `<dt>${name}</dt><dd>${what}</dd><dd class="count${length >= limit ? ' over' : ''}" data-check="${name.toLowerCase()}">${length.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')}</dd>`;
}

/** Reloads the page when a post changes, and opens problem places in the editor without leaving the page. */
function liveScript(version: string): string {
  return `<script type="module">
const events = new EventSource('${PREVIEW_PATH}api/events');
events.onmessage = (event) => { if (event.data !== ${JSON.stringify(version)}) location.reload(); };
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element && event.target.closest('a[data-open]');
  if (!link) return;
  event.preventDefault();
  fetch(link.href);
});
</script>`;
}
