// The dev preview's model: the build's pipeline, with images served by the dev server.
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { DevAssets } from '../src/dev/assets.js';
import { buildPreview, postAt, type DevProject } from '../src/dev/model.js';
import { indexPage, postPage } from '../src/dev/pages.js';
import { pickTheme, previewThemes, type PreviewTheme, withTheme } from '../src/preview/themes.js';
import { postStatus } from '../src/dev/server.js';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { makeProject } from './helpers.js';
import { makeAnimatedGif, makeImage } from '../../../test/helpers/images.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function preview(
  files: Record<string, string | Uint8Array>,
  options: WeixinOptions = {},
  base = '/',
  theme?: PreviewTheme,
) {
  const project = await makeProject(files);
  cleanups.push(project.cleanup);
  const dev: DevProject = {
    root: project.root,
    srcDir: path.join(project.root, 'src'),
    publicDir: path.join(project.root, 'public'),
    site: new URL(base, 'https://blog.example.com').href,
    base,
    options: resolveOptions(options),
  };
  if (theme) dev.options = withTheme(dev.options, theme);
  const assets = new DevAssets();
  return { model: await buildPreview(dev, assets), assets, root: project.root };
}

describe('buildPreview', () => {
  it('groups the posts into the messages the build would send, images converted as for upload', async () => {
    const { model, assets } = await preview({
      'src/content/blog/a.md': '---\ntitle: Post A\npubDate: 2026-02-01\nweixin: true\n---\n\nHello ![x](./x.webp)\n',
      'src/content/blog/b.md': '---\ntitle: Post B\npubDate: 2026-01-01\nweixin:\n  cover: ./x.webp\n---\n\nWorld\n',
      'src/content/blog/x.webp': await makeImage(80, 40, 'webp'),
    });
    expect(model.errorCount).toBe(0);
    expect(model.messages.map((message) => message.posts.map((post) => post.title))).toEqual([['Post A', 'Post B']]);
    const [a] = model.messages[0]!.posts;
    const src = /<img[^>]+src="(\/__weixin\/images\/([0-9a-f]{16}\.(?:png|jpg)))"/.exec(a!.api!.content);
    expect(src, a!.api!.content).not.toBeNull();
    // WeChat takes no WebP: what the dev server serves is what would be uploaded.
    const served = await assets.read(src![2]!);
    expect((await sharp(served!.data).metadata()).format).toBe(served!.format);
    expect(['png', 'jpeg']).toContain(served!.format);
    expect(a!.api!.thumb_media_id).toMatch(/^\/__weixin\/images\/[0-9a-f]{16}-cover\.jpg$/);
    expect(await assets.read('0123456789abcdef.png')).toBeUndefined();
  });

  it('serves an animated GIF whole, and shows an image post as pictures to swipe over its plain text', async () => {
    const gif = await makeAnimatedGif(20, 20, 3);
    const { model, assets } = await preview(
      {
        'src/content/blog/a.md': '---\ntitle: 动图\npubDate: 2026-02-01\nweixin: true\n---\n\n看 ![动](./m.gif)\n',
        'src/content/blog/p.md':
          '---\ntitle: 图片消息\npubDate: 2026-02-02\nweixin:\n  type: newspic\n---\n\n![一](./x.png)\n\n![二](./m.gif)\n\n几句**话**。\n',
        'src/content/blog/m.gif': gif,
        'src/content/blog/x.png': await makeImage(40, 60, 'png'),
      },
      { target: 'draft' },
    );
    expect(model.errorCount).toBe(0);
    const posts = model.messages.flatMap((message) => message.posts);
    const article = posts.find((post) => post.title === '动图')!;
    const name = /src="\/__weixin\/images\/([0-9a-f]{16}-animated\.gif)"/.exec(article.api!.content)![1]!;
    const served = await assets.read(name);
    expect(served!.contentType).toBe('image/gif');
    expect(Buffer.from(served!.data).equals(Buffer.from(gif))).toBe(true);
    const imagePost = posts.find((post) => post.title === '图片消息')!;
    const themes = previewThemes(resolveOptions({}));
    const page = postPage(imagePost, model, themes, themes[0]!, '1');
    const pictures = /<div class="pictures">(.*?)<\/div>/.exec(page)![1]!;
    expect(pictures.match(/src="\/__weixin\/images\/[0-9a-f]{16}(?:-animated)?\.(?:png|gif)"/g)).toHaveLength(2);
    expect(page).toContain('<p class="text">几句话。</p>');
  });

  it('keeps a post the build would refuse, with its problems at their lines, out of every message', async () => {
    const { model, root } = await preview({
      'src/content/blog/ok.md': '---\ntitle: Fine\nweixin:\n  cover: ./x.png\n---\n\nFine.\n',
      'src/content/blog/long.md': `---\nweixin:\n  cover: ./x.png\ntitle: ${'长'.repeat(40)}\n---\n\nToo long a title.\n`,
      'src/content/blog/yaml.md': '---\nweixin: true\ntitle: [unclosed\n---\n\nBroken front matter.\n',
      'src/content/blog/x.png': await makeImage(64, 48, 'png'),
    });
    expect(model.errorCount).toBe(2);
    expect(model.messages.flatMap((message) => message.posts.map((post) => post.file))).toEqual([
      'src/content/blog/ok.md',
    ]);
    const long = model.posts.find((post) => post.file === 'src/content/blog/long.md')!;
    expect(long.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      "4: the title is 40 characters, over WeChat's 32: set a shorter `weixin.title`",
    ]);
    const status = postStatus(long, model);
    expect(status).toMatchObject({ marked: true, status: 'errors', title: '长'.repeat(40) });
    expect(status.html).toBeUndefined();
    expect(decodeURIComponent(status.problems![0]!.open)).toBe(
      `/__open-in-editor?file=${path.join(root, 'src/content/blog/long.md')}:4`,
    );
    const yaml = model.posts.find((post) => post.file === 'src/content/blog/yaml.md')!;
    expect(yaml.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '3: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });
});

describe('postAt', () => {
  it("finds the post behind a page's address, with the site's base and with or without the last slash", async () => {
    const { model } = await preview(
      {
        'src/content/blog/first.md': '---\ntitle: First\nweixin:\n  cover: ./x.png\n---\n\nHi.\n',
        'src/content/blog/x.png': await makeImage(64, 48, 'png'),
      },
      {},
      '/docs/',
    );
    expect(postAt(model, '/docs/blog/first/')?.file).toBe('src/content/blog/first.md');
    expect(postAt(model, '/docs/blog/first')?.file).toBe('src/content/blog/first.md');
    expect(postAt(model, '/blog/first/')).toBeUndefined();
    expect(postStatus(postAt(model, '/docs/about/'), model)).toEqual({ marked: false });
  });
});

describe('themes', () => {
  const plain: PreviewTheme = { id: 'plain', label: 'Plain', render: { theme: { base: '' } } };
  const files = async () => ({
    'src/content/blog/a.md': '---\ntitle: A\nweixin:\n  cover: ./x.png\n---\n\nSome **bold** text.\n',
    'src/content/blog/x.png': await makeImage(64, 48, 'png'),
  });

  it('renders the posts in the theme the preview asks for', async () => {
    const configured = (await preview(await files())).model.messages[0]!.posts[0]!.api!.content;
    const bare = (await preview(await files(), {}, '/', plain)).model.messages[0]!.posts[0]!.api!.content;
    expect(configured).toMatch(/<strong style="/);
    expect(bare).toContain('<strong>bold</strong>');
  });

  it('offers the configured look and every other built-in theme, with a switcher', async () => {
    const { model } = await preview(await files());
    const themes = previewThemes(resolveOptions({ render: { theme: { name: 'elegant', css: 'p{color:red}' } } }));
    expect(themes.map((theme) => theme.id)).toEqual(['configured', 'default', 'tech', 'orange', 'minimal']);
    expect(themes[0]!.label).toBe('As configured (elegant)');
    // The site's own CSS stays on top of every theme it is compared with.
    expect(themes[2]!.render).toEqual({ theme: { name: 'tech', css: 'p{color:red}' } });
    expect(indexPage(model, themes.slice(0, 1), themes[0]!, '1')).not.toContain('<select');
    const several = [...themes, plain];
    const page = indexPage(model, several, pickTheme(several, 'plain'), '1');
    expect(page).toContain('<option value="plain" selected>Plain</option>');
    expect(page).toContain('href="/__weixin/post/src/content/blog/a.md?theme=plain"');
  });
});
