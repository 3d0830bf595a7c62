import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { formatPlace } from '../utils/problems.js';
import type { Logger } from '../utils/logger.js';
import { DevAssets, IMAGES_PATH } from './assets.js';
import { buildPreview, postAt, type DevProject, type PostPreview, type PreviewModel } from './model.js';
import { editorHref, indexPage, PREVIEW_PATH, postHref, postPage } from './pages.js';
import { pickTheme, previewThemes, withTheme } from '../preview/themes.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The part of Vite's dev server the preview uses. */
export interface DevServer {
  middlewares: { use(handler: Middleware): unknown };
  watcher: { on(event: 'all', listener: (event: string, file: string) => void): unknown };
}

/** What the toolbar app learns about the page it is on. */
export interface PostStatus {
  marked: boolean;
  file?: string;
  title?: string;
  status?: 'ready' | 'warnings' | 'errors';
  problems?: { place: string; severity: 'error' | 'warning'; message: string; open: string }[];
  preview?: string;
  /** The article's HTML as it would be sent, images on the dev server. */
  html?: string;
}

/**
 * Serves the live WeChat preview under /__weixin/ during `astro dev`. Every request runs the
 * build's own pipeline (cached until a file changes); nothing is ever uploaded from here.
 */
export function setupDevPreview(server: DevServer, project: DevProject, logger: Logger): void {
  let version = 1;
  const models = new Map<string, Promise<PreviewModel>>();
  const assets = new Map<string, DevAssets>();
  const listeners = new Set<ServerResponse>();
  const themes = previewThemes(project.options);

  const model = (themeId: string | null) => {
    const theme = pickTheme(themes, themeId);
    let pending = models.get(theme.id);
    if (!pending) {
      if (!assets.has(theme.id)) assets.set(theme.id, new DevAssets());
      pending = buildPreview({ ...project, options: withTheme(project.options, theme) }, assets.get(theme.id)!);
      models.set(theme.id, pending);
      // A failed run is not kept: the next request tries again.
      pending.catch(() => models.get(theme.id) === pending && models.delete(theme.id));
    }
    return { theme, pending };
  };

  server.watcher.on('all', (_event, file) => {
    if (!affectsPosts(project.root, file)) return;
    version += 1;
    models.clear();
    for (const listener of listeners) listener.write(`data: ${version}\n\n`);
  });

  const routes = async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const route = url.pathname.slice(PREVIEW_PATH.length);
    if (url.pathname === PREVIEW_PATH.slice(0, -1)) return redirect(res, `${PREVIEW_PATH}${url.search}`);
    if (route === 'api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(`data: ${version}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (url.pathname.startsWith(IMAGES_PATH)) {
      // Image addresses are content hashes, the same in every theme.
      const name = url.pathname.slice(IMAGES_PATH.length);
      let image: Awaited<ReturnType<DevAssets['read']>>;
      for (const sink of assets.values()) image ??= await sink.read(name);
      if (!image) return send(res, 404, 'text/plain', 'No such image in the preview.');
      return send(res, 200, image.contentType, image.data);
    }
    // Taken before rendering: a save during it makes the page reload once it is shown.
    const shownVersion = String(version);
    const { theme, pending } = model(url.searchParams.get('theme'));
    const current = await pending;
    if (route === '') return send(res, 200, 'text/html', indexPage(current, themes, theme, shownVersion));
    if (route.startsWith('post/')) {
      const file = route.slice(5).split('/').map(decodeURIComponent).join('/');
      const post = current.posts.find((candidate) => candidate.file === file);
      if (!post) return send(res, 404, 'text/plain', `${file} is not a post marked for WeChat.`);
      return send(res, 200, 'text/html', postPage(post, current, themes, theme, shownVersion));
    }
    if (route === 'api/post') {
      const status = postStatus(postAt(current, url.searchParams.get('path') ?? '/'), current);
      return send(res, 200, 'application/json', JSON.stringify(status));
    }
    send(res, 404, 'text/plain', 'Not a page of the WeChat preview.');
  };

  server.middlewares.use((req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/__weixin' && !url.pathname.startsWith(PREVIEW_PATH)) return next();
    routes(url, req, res).catch((error: Error) => {
      logger.error(`The WeChat preview failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) send(res, 500, 'text/plain', `The WeChat preview failed: ${error.message}`);
    });
  });
}

/** The toolbar app's view of a page: is it a marked post, and how do its checks stand. */
export function postStatus(post: PostPreview | undefined, model: PreviewModel): PostStatus {
  if (!post) return { marked: false };
  const errors = post.problems.some((problem) => problem.severity === 'error');
  const status: PostStatus = {
    marked: true,
    file: post.file,
    title: post.title,
    status: errors ? 'errors' : post.problems.length > 0 ? 'warnings' : 'ready',
    problems: post.problems.map((problem) => ({
      place: formatPlace(problem),
      severity: problem.severity,
      message: problem.message,
      open: editorHref(model.root, problem),
    })),
    preview: postHref(post),
  };
  if (post.api) status.html = post.api.content;
  return status;
}

/** Files whose change can change what would be sent; Astro's and the build's own output cannot. */
function affectsPosts(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return !/(^|[/\\])(node_modules|\.astro|dist|\.git)([/\\]|$)/.test(relative);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, {
    'content-type': type.startsWith('text/') || type.endsWith('json') ? `${type}; charset=utf-8` : type,
    'cache-control': 'no-store',
  });
  res.end(body);
}
