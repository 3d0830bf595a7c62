import { BODY_IMAGE_MAX_BYTES, THUMB_MAX_BYTES } from '@astro-weixin/rules';
import { symlink } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeBodyImage, normalizeCardImage, normalizeThumb } from '../src/images/normalize.js';
import { resolveImage, type ResolveContext } from '../src/images/resolve.js';
import { makeProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

const remote = { hosts: [], maxBytes: 1024 * 1024, allowHttpHosts: ['127.0.0.1'] };

async function project() {
  const png = await makeImage(20, 10, 'png');
  const made = await makeProject({
    'src/content/blog/post.md': '',
    'src/content/blog/img/a.png': png,
    'public/images/b.png': png,
    'src/assets/c.png': png,
  });
  cleanup = made.cleanup;
  const context: ResolveContext = {
    root: made.root,
    publicDir: path.join(made.root, 'public'),
    srcDir: path.join(made.root, 'src'),
    postFile: path.join(made.root, 'src/content/blog/post.md'),
    remote,
  };
  return { root: made.root, context, png };
}

describe('resolveImage', () => {
  it('finds images relative to the post, in public/, and under src/ with ~/ or @/', async () => {
    const { context, png } = await project();
    for (const src of [
      './img/a.png',
      'img/a.png',
      '/images/b.png',
      '~/assets/c.png',
      '@/assets/c.png',
      '/src/assets/c.png',
    ]) {
      const found = await resolveImage(src, context);
      expect(Buffer.from(found.data).equals(Buffer.from(png)), src).toBe(true);
    }
  });

  it('refuses files outside the project, also through a symlink', async () => {
    const { root, context } = await project();
    // Refused by its path, even where no such file exists: the file system is not asked.
    await expect(resolveImage('../../../../../../../../no/such/file.png', context)).rejects.toThrow(
      /^image `\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/no\/such\/file\.png` points outside the project \(to \/no\/such\/file\.png\)/,
    );
    await expect(resolveImage('/../../../../../../etc/hostname', context)).rejects.toThrow(
      /points outside the project/,
    );
    await symlink('/etc', path.join(root, 'src/content/blog/etc'));
    await expect(resolveImage('./etc/hostname', context)).rejects.toThrow(/outside the project/);
  });

  it('says where it looked for a missing image', async () => {
    const { context } = await project();
    await expect(resolveImage('./nope.png', context)).rejects.toThrow(
      'image `./nope.png` not found (looked at src/content/blog/nope.png)',
    );
  });

  it('downloads remote images within host, scheme and size limits', async () => {
    const { context, png } = await project();
    const server = http.createServer((req, res) => {
      if (req.url === '/big.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.alloc(2 * 1024 * 1024));
      } else if (req.url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>');
      } else {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(png);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await resolveImage(`${base}/ok.png`, context)).data.byteLength).toBe(png.byteLength);
      await expect(resolveImage(`${base}/big.png`, context)).rejects.toThrow(/over remoteImages.maxBytes/);
      await expect(resolveImage(`${base}/page`, context)).rejects.toThrow(/text\/html, not an image/);
      await expect(
        resolveImage(`${base}/ok.png`, { ...context, remote: { ...remote, allowHttpHosts: [] } }),
      ).rejects.toThrow(/plain http/);
      await expect(
        resolveImage('https://other.example/x.png', { ...context, remote: { ...remote, hosts: ['*.cdn.example'] } }),
      ).rejects.toThrow(/not in remoteImages.hosts/);
      // Private and local addresses are refused unless the host is listed by name.
      const unlisted = { ...context, remote: { ...remote, allowHttpHosts: [] } };
      for (const host of [
        'https://127.0.0.1:1/x.png',
        'https://10.1.2.3/x.png',
        'https://192.168.0.1/x.png',
        'https://169.254.169.254/x.png',
        'https://[::1]/x.png',
        'https://localhost/x.png',
      ]) {
        await expect(resolveImage(host, unlisted), host).rejects.toThrow(/private or local address/);
      }
    } finally {
      server.close();
    }
  });

  it('follows redirects hop by hop, refusing a hop into a private network', async () => {
    const { context, png } = await project();
    const server = http.createServer((req, res) => {
      if (req.url === '/hop') res.writeHead(301, { location: '/final.png' }).end();
      else if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest' }).end();
      else if (req.url === '/to-loopback') res.writeHead(307, { location: 'https://127.0.0.1/x.png' }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // The test server is reached by name; only that name is listed, never the address it redirects to.
    const named = { ...context, remote: { ...remote, allowHttpHosts: ['localhost'] } };
    try {
      const found = await resolveImage(`http://localhost:${port}/hop`, named);
      expect(found.origin).toBe(`http://localhost:${port}/final.png`);
      expect(found.data.byteLength).toBe(png.byteLength);
      await expect(resolveImage(`http://localhost:${port}/to-loopback`, named)).rejects.toThrow(
        `http://localhost:${port}/to-loopback redirects to https://127.0.0.1/x.png, which is refused: remote image host 127.0.0.1 is a private or local address`,
      );
      await expect(resolveImage(`http://localhost:${port}/to-metadata`, named)).rejects.toThrow(
        /redirects to http:\/\/169\.254\.169\.254\/latest, which is refused: .*plain http/,
      );
      await expect(resolveImage(`http://localhost:${port}/loop`, named)).rejects.toThrow(/redirects more than 5 times/);
    } finally {
      server.close();
    }
  });

  it('decodes data URIs', async () => {
    const { context, png } = await project();
    const found = await resolveImage(`data:image/png;base64,${Buffer.from(png).toString('base64')}`, context);
    expect(found.data.byteLength).toBe(png.byteLength);
  });
});

describe('image conversion', () => {
  it('keeps a small JPG or PNG byte for byte', async () => {
    const png = await makeImage(200, 100, 'png');
    const result = await normalizeBodyImage(png);
    expect(result.format).toBe('png');
    expect(Buffer.from(result.data).equals(Buffer.from(png))).toBe(true);
  });

  it('turns WebP into JPG or PNG, which uploadimg accepts', async () => {
    const result = await normalizeBodyImage(await makeImage(300, 200, 'webp'));
    expect(['jpeg', 'png']).toContain((await sharp(result.data).metadata()).format);
  });

  it('brings a large noisy photo under 1 MB', async () => {
    const big = await makeImage(2400, 1600, 'jpeg', { noise: true });
    expect(big.byteLength).toBeGreaterThan(BODY_IMAGE_MAX_BYTES);
    const result = await normalizeBodyImage(big);
    expect(result.data.byteLength).toBeLessThanOrEqual(BODY_IMAGE_MAX_BYTES);
    expect(result.format).toBe('jpeg');
    expect(result.width).toBeLessThanOrEqual(1600);
  });

  it('makes covers JPG thumbs of at most 64 KB', async () => {
    const result = await normalizeThumb(await makeImage(1600, 900, 'png', { noise: true }));
    expect(result.data.byteLength).toBeLessThanOrEqual(THUMB_MAX_BYTES);
    expect((await sharp(result.data).metadata()).format).toBe('jpeg');
  });

  it('crops mini-program card images to 1080x864', async () => {
    const result = await normalizeCardImage(await makeImage(500, 500, 'png'));
    const meta = await sharp(result.data).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1080, 864, 'jpeg']);
  });

  it('says plainly when the bytes are not an image', async () => {
    await expect(normalizeBodyImage(new TextEncoder().encode('hello'))).rejects.toThrow(/not an image sharp can read/);
  });
});
