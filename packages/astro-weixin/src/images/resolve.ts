import { lookup } from 'node:dns/promises';
import { readFile, realpath } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import type { ResolvedOptions } from '../config/options.js';

export interface ImageSource {
  /** Absolute file path or URL, for messages and the lockfile. */
  origin: string;
  data: Uint8Array;
}

export interface ResolveContext {
  root: string;
  publicDir: string;
  srcDir: string;
  /** Absolute path of the post that names the image. */
  postFile: string;
  remote: ResolvedOptions['remoteImages'];
  fetch?: typeof fetch;
  /** The project root's real path, when the caller has it already (it is the same for every image). */
  rootReal?: Promise<string>;
}

/** Thrown for an image that cannot be used; the caller adds the post's file and line. */
export class ImageResolveError extends Error {
  override name = 'ImageResolveError';
}

/** An image found but not necessarily read: a file in the project (by its real path), or bytes. */
export type LocatedImage = { file: string } | ImageSource;

/** Finds and reads an image (see `locateImage`). */
export async function resolveImage(src: string, context: ResolveContext): Promise<ImageSource> {
  const located = await locateImage(src, context);
  return 'file' in located ? { origin: located.file, data: new Uint8Array(await readFile(located.file)) } : located;
}

/**
 * Finds an image the way the author meant it: relative to the post, from `public/` for `/…`,
 * from `src/` for `~/…` and `@/…`, or remote over HTTPS (downloaded). Anything outside the project
 * is refused so a post cannot publish files from elsewhere on the machine. A local file is not
 * read here: a rebuild may know it by its size and time alone.
 */
export async function locateImage(src: string, context: ResolveContext): Promise<LocatedImage> {
  const trimmed = src.trim();
  if (trimmed === '') throw new ImageResolveError('the image has no source');
  if (trimmed.startsWith('data:')) return { origin: 'data URI', data: decodeDataUri(trimmed) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.startsWith('//')) {
    return fetchRemote(trimmed.startsWith('//') ? `https:${trimmed}` : trimmed, context);
  }
  const candidates = localCandidates(trimmed, context);
  // Refused by its path alone, before the file system is asked anything about it.
  const outside = candidates.find((candidate) => !isInside(path.resolve(context.root), candidate));
  if (outside) {
    throw new ImageResolveError(
      `image \`${src}\` points outside the project (to ${outside}); copy the image into the project`,
    );
  }
  const rootReal = await (context.rootReal ?? realpath(context.root));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      continue;
    }
    if (!isInside(rootReal, real)) {
      throw new ImageResolveError(
        `\`${src}\` resolves to ${real}, outside the project; copy the image into the project`,
      );
    }
    return { file: real };
  }
  const tried = candidates.map((c) => path.relative(context.root, c) || '.').join(', ');
  throw new ImageResolveError(`image \`${src}\` not found (looked at ${tried})`);
}

/** Where a local image may be, in the order looked at (the file system is not asked). */
export function localCandidates(
  src: string,
  context: Pick<ResolveContext, 'root' | 'publicDir' | 'srcDir' | 'postFile'>,
): string[] {
  const clean = decodeURI(src.trim().replace(/[?#].*$/, ''));
  if (clean.startsWith('/')) {
    // Authors sometimes write project-absolute paths such as /src/assets/x.png.
    return [path.join(context.publicDir, clean), path.join(context.root, clean)];
  }
  if (clean.startsWith('~/') || clean.startsWith('@/')) return [path.join(context.srcDir, clean.slice(2))];
  return [path.resolve(path.dirname(context.postFile), clean)];
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The address if a post may fetch from it: https (or a listed http host), an allowed host, not a private network. */
async function checkedAddress(address: string, context: ResolveContext): Promise<URL> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new ImageResolveError(`\`${address}\` is not a valid URL`);
  }
  const { hosts, allowHttpHosts } = context.remote;
  if (url.protocol === 'http:' && !allowHttpHosts.includes(url.hostname)) {
    throw new ImageResolveError(
      `remote image ${url.origin} uses plain http; use https, or list the host in remoteImages.allowHttpHosts`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ImageResolveError(`remote image \`${address}\` must be https`);
  }
  if (hosts.length > 0 && !hosts.some((pattern) => hostMatches(url.hostname, pattern))) {
    throw new ImageResolveError(`remote image host ${url.hostname} is not in remoteImages.hosts (${hosts.join(', ')})`);
  }
  const listed = hosts.includes(url.hostname) || allowHttpHosts.includes(url.hostname);
  if (!listed && (await isPrivateHost(url.hostname))) {
    // A post must not make the build machine fetch from its own network (CI secrets, metadata services).
    throw new ImageResolveError(
      `remote image host ${url.hostname} is a private or local address; list it in remoteImages.hosts to allow it`,
    );
  }
  return url;
}

/** Redirects followed for one remote image; each hop is checked like the first address. */
const MAX_REDIRECTS = 5;

async function fetchRemote(address: string, context: ResolveContext): Promise<ImageSource> {
  let url = await checkedAddress(address, context);
  const doFetch = context.fetch ?? fetch;
  let response: Response;
  for (let hop = 0; ; hop += 1) {
    try {
      // Redirects are followed by hand so each new address passes the same checks (a redirect to 127.0.0.1 must not).
      response = await doFetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new ImageResolveError(`could not download ${url.href}: ${(error as Error).message}`);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    await response.body?.cancel();
    if (hop === MAX_REDIRECTS) throw new ImageResolveError(`${address} redirects more than ${MAX_REDIRECTS} times`);
    let next: string;
    try {
      next = new URL(location, url).href;
    } catch {
      throw new ImageResolveError(`${url.href} redirects to \`${location}\`, which is not a valid URL`);
    }
    try {
      url = await checkedAddress(next, context);
    } catch (error) {
      throw new ImageResolveError(`${url.href} redirects to ${next}, which is refused: ${(error as Error).message}`);
    }
  }
  const { maxBytes } = context.remote;
  if (!response.ok) throw new ImageResolveError(`downloading ${url.href} answered HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (type && !type.startsWith('image/') && !type.startsWith('application/octet-stream')) {
    throw new ImageResolveError(`${url.href} is ${type}, not an image`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes)
    throw new ImageResolveError(`${url.href} is ${declared} bytes, over remoteImages.maxBytes (${maxBytes})`);
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ImageResolveError(`${url.href} is over remoteImages.maxBytes (${maxBytes} bytes)`);
    }
    chunks.push(value);
  }
  return { origin: url.href, data: Buffer.concat(chunks) };
}

async function isPrivateHost(hostname: string): Promise<boolean> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  let address = bare;
  if (!isIP(bare)) {
    try {
      address = (await lookup(bare)).address;
    } catch {
      return false; // an unknown host fails at the download, with its own message
    }
  }
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateHost(v6.slice(7));
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

function hostMatches(host: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
  return host === pattern;
}

function decodeDataUri(uri: string): Uint8Array {
  const comma = uri.indexOf(',');
  if (comma < 0) throw new ImageResolveError('malformed data URI');
  const meta = uri.slice(5, comma);
  const payload = uri.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload));
}
