// Runs in the browser, inside Astro's dev toolbar; it learns about the page from the preview's API.
import { defineToolbarApp } from 'astro/toolbar';
import type { PostStatus } from './server.js';

const STYLE = `<style>
p{margin:0 0 10px;line-height:1.5}ul{margin:0 0 12px;padding:0;list-style:none;max-height:40vh;overflow:auto}
li{margin:0 0 6px;line-height:1.4;overflow-wrap:anywhere}a{color:#b18cff}.actions{display:flex;gap:8px;flex-wrap:wrap}
code{font-family:ui-monospace,Menlo,monospace}.actions{margin-bottom:10px}
</style>`;

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The article HTML with image addresses made absolute, so a paste elsewhere still finds them. */
function absoluteImages(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const image of template.content.querySelectorAll('img')) {
    const src = image.getAttribute('src');
    if (src) image.setAttribute('src', new URL(src, location.href).href);
  }
  return template.innerHTML;
}

/** Puts the article on the clipboard as rich text (and plain text), as the WeChat editor takes a paste. */
async function copyArticle(html: string): Promise<void> {
  const rich = absoluteImages(html);
  const holder = document.createElement('div');
  holder.innerHTML = rich;
  await navigator.clipboard.write([
    new ClipboardItem({
      'text/html': new Blob([rich], { type: 'text/html' }),
      'text/plain': new Blob([holder.textContent ?? ''], { type: 'text/plain' }),
    }),
  ]);
}

function describe(post: PostStatus): string {
  if (!post.marked)
    return '<p>This page is not a post marked for WeChat. Add <code>weixin: true</code> to its front matter to send it.</p>';
  const problems = post.problems ?? [];
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const status =
    post.status === 'errors'
      ? `${errors} error${errors === 1 ? '' : 's'}: the build would stop until ${errors === 1 ? 'it is' : 'they are'} fixed.`
      : post.status === 'warnings'
        ? `ready, with ${problems.length} warning${problems.length === 1 ? '' : 's'}.`
        : 'ready: all checks pass.';
  const list = problems
    .map(
      (problem) =>
        `<li><a href="${escapeText(problem.open)}" data-open>${escapeText(problem.place)}</a> ${problem.severity}: ${escapeText(problem.message)}</li>`,
    )
    .join('');
  return `<p><strong>Marked for WeChat</strong>: “${escapeText(post.title ?? '')}” <code>${escapeText(post.file ?? '')}</code></p>
<p data-status="${post.status}">Checks: ${status}</p>
${list ? `<ul>${list}</ul>` : ''}
<div class="actions">
<astro-dev-toolbar-button data-action="preview" button-style="purple">Open preview</astro-dev-toolbar-button>
${post.html ? '<astro-dev-toolbar-button data-action="copy">Copy for the WeChat editor</astro-dev-toolbar-button>' : ''}
</div>`;
}

export default defineToolbarApp({
  init(canvas, app) {
    const panel = document.createElement('astro-dev-toolbar-window');
    canvas.append(panel);

    const show = async () => {
      let post: PostStatus;
      try {
        const response = await fetch(`/__weixin/api/post?path=${encodeURIComponent(location.pathname)}`);
        post = (await response.json()) as PostStatus;
      } catch (error) {
        panel.innerHTML = `${STYLE}<h1>WeChat</h1><p>The WeChat preview did not answer: ${escapeText(String(error))}</p>`;
        return;
      }
      panel.innerHTML = `${STYLE}<h1>WeChat</h1>${describe(post)}<p class="copied" role="status"></p>`;
      const level = post.status === 'errors' ? 'error' : post.status === 'warnings' ? 'warning' : undefined;
      app.toggleNotification(level ? { state: true, level } : { state: false });
      panel.querySelector('[data-action="preview"]')?.addEventListener('click', () => window.open(post.preview));
      panel.querySelector('[data-action="copy"]')?.addEventListener('click', async () => {
        const note = panel.querySelector('.copied')!;
        try {
          await copyArticle(post.html!);
          note.textContent = 'Copied. Paste it into the body of a new article in the WeChat editor.';
        } catch (error) {
          note.textContent = `Could not copy: ${String(error)}`;
        }
      });
      for (const link of panel.querySelectorAll<HTMLAnchorElement>('a[data-open]')) {
        link.addEventListener('click', (event) => {
          event.preventDefault();
          fetch(link.href);
        });
      }
    };

    show();
    // Saving the post changes its checks: look again each time the app is opened.
    app.onToggled(({ state }) => {
      if (state) show();
    });
  },
});
