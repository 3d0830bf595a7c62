import { fileURLToPath } from 'node:url';

/** A speech bubble, so the app reads as "the WeChat one" in the toolbar. */
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"><path d="M9 4C5.1 4 2 6.6 2 9.8c0 1.8 1 3.4 2.6 4.5L4 16.5l2.7-1.4c.7.2 1.5.3 2.3.3"/><path d="M15 9c-3.9 0-7 2.5-7 5.5S11.1 20 15 20c.8 0 1.5-.1 2.2-.3l2.6 1.3-.6-2.1c1.7-1 2.8-2.6 2.8-4.4C22 11.5 18.9 9 15 9Z"/><path d="M6.5 8.2h.01M11 8.2h.01M12.8 13.5h.01M17.2 13.5h.01"/></svg>';

/** The dev toolbar app's entry; its module is the compiled toolbar-app.js next to this file. */
export function devToolbarApp() {
  return {
    id: 'astro-weixin',
    name: 'WeChat',
    icon: ICON,
    entrypoint: fileURLToPath(new URL('./toolbar-app.js', import.meta.url)),
  };
}
