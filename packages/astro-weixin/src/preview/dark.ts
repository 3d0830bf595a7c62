import { escapeHtml } from '@astro-weixin/rules';
import { darkModeHtml } from 'rehype-weixin/dark-mode';
import { type ApiArticle, isImagePost } from '../messages/publish-batches.js';
import { articleBody, phoneDocument } from './phone.js';

/**
 * WeChat's dark page (mp-darkmode's defaults): #191919 behind the article, text without a colour
 * of its own at #a3a3a3, the title and chrome in the client's dark greys.
 */
const DARK_CSS = `<style>
html[data-color-mode=dark] body{background:#111;color:#a3a3a3}
[data-mode=dark] article{background:#191919;color:#a3a3a3}
[data-mode=dark] article h1{color:#d1d1d1}[data-mode=dark] .meta{color:#7f7f7f}
html[data-color-mode=dark] .note{color:#7f7f7f}html[data-color-mode=dark] .note a,[data-mode=dark] .meta a{color:#7d90a9}
html[data-color-mode=dark] .bar strong{color:#d1d1d1}
.modes{display:inline-flex;border:1px solid #c8c8c8;border-radius:6px;overflow:hidden;font-size:13px;margin:0 0 12px}
.modes button{font:inherit;border:0;padding:4px 12px;background:#fff;color:#222;cursor:pointer}
.modes button[aria-pressed=true]{background:#576b95;color:#fff}
</style>`;

/** The article as WeChat's dark mode recomputes its colours; an image post's text is plain and stays. */
function darkArticle(article: ApiArticle): ApiArticle {
  return isImagePost(article) ? article : { ...article, content: darkModeHtml(article.content) };
}

/** The dry run's page of an article in dark mode, linking back to the light one. */
export function darkArticlePage(article: ApiArticle, assetBase: string, lightHref: string): string {
  const body = `<p class="note"><a href="${escapeHtml(lightHref)}">Light mode</a> · <b>Dark mode</b>, as WeChat recomputes the colours</p>
<div data-mode="dark">${articleBody(darkArticle(article), assetBase)}</div>`;
  return phoneDocument(`${article.title} (dark mode)`, body, DARK_CSS).replace(
    '<html ',
    '<html data-color-mode="dark" ',
  );
}

/**
 * The article with a switch between light and dark mode. One article is in the page at a time
 * (the other waits in a template); the choice is remembered, so a live reload keeps the mode.
 */
export function lightDarkArticle(article: ApiArticle, assetBase: string): string {
  return `<div class="modes" role="group" aria-label="Colour mode"><button type="button" data-mode-button="light" aria-pressed="true">Light</button><button type="button" data-mode-button="dark" aria-pressed="false">Dark</button></div>
<div data-mode="light" data-article>${articleBody(article, assetBase)}</div>
<template data-mode="light">${articleBody(article, assetBase)}</template><template data-mode="dark">${articleBody(darkArticle(article), assetBase)}</template>
${DARK_CSS}<script type="module">
const shown = document.querySelector('[data-article]');
const show = (mode) => {
  document.documentElement.dataset.colorMode = mode;
  if (shown.dataset.mode !== mode) {
    shown.replaceChildren(document.querySelector(\`template[data-mode="\${mode}"]\`).content.cloneNode(true));
    shown.dataset.mode = mode;
  }
  for (const button of document.querySelectorAll('[data-mode-button]')) button.setAttribute('aria-pressed', String(button.dataset.modeButton === mode));
};
for (const button of document.querySelectorAll('[data-mode-button]')) {
  button.addEventListener('click', () => {
    localStorage.setItem('weixin-preview-mode', button.dataset.modeButton);
    show(button.dataset.modeButton);
  });
}
show(localStorage.getItem('weixin-preview-mode') === 'dark' ? 'dark' : 'light');
</script>`;
}
