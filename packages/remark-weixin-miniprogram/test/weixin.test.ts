import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import remarkWeixinMiniprogram, { remarkRestoreDirectives, type Options } from '../src/index.js';

const APPID = 'wx0123456789abcdef';

async function render(markdown: string, options: Options = {}) {
  const file = await unified()
    .use(remarkParse)
    .use(remarkDirective)
    .use(remarkWeixinMiniprogram, options)
    .use(remarkRestoreDirectives)
    .use(remarkRehype)
    .use(rehypeStringify)
    .process(markdown);
  return { html: String(file), messages: file.messages };
}

// The seed page's three examples (uploadnews, "Note"), with an appid of the real shape.
describe('the three forms, as the uploadnews page shows them', () => {
  it('card', async () => {
    const { html, messages } = await render(
      `::miniprogram{appid=${APPID} path=pages/index/index title="小程序示例" imageurl=http://example.com/demo.jpg}`,
    );
    expect(messages).toEqual([]);
    expect(html).toBe(
      `<mp-common-miniprogram data-miniprogram-appid="${APPID}" data-miniprogram-path="pages/index/index" data-miniprogram-title="小程序示例" data-miniprogram-imageurl="http://example.com/demo.jpg" data-miniprogram-type="card"></mp-common-miniprogram>`,
    );
  });

  it('text link', async () => {
    const { html } = await render(`:miniprogram[点击文字跳转小程序]{appid=${APPID} path=pages/index}`);
    expect(html).toBe(
      `<p><a data-miniprogram-appid="${APPID}" data-miniprogram-path="pages/index" href="">点击文字跳转小程序</a></p>`,
    );
  });

  it('image link', async () => {
    const { html } = await render(
      `:miniprogram[![](https://mmbiz.qpic.cn/mmbiz_jpg/demo/0?wx_fmt=jpg)]{appid=${APPID} path=pages/index}`,
    );
    expect(html).toBe(
      `<p><a data-miniprogram-appid="${APPID}" data-miniprogram-path="pages/index" href=""><img src="https://mmbiz.qpic.cn/mmbiz_jpg/demo/0?wx_fmt=jpg" alt=""></a></p>`,
    );
  });
});

describe('targets and defaults', () => {
  const targets = {
    shop: { appid: 'wxfedcba9876543210', path: 'pages/shop/index', title: '书店', imageurl: './shop.jpg' },
  };

  it('takes appid, path, title and image from a named target', async () => {
    const { html } = await render('::miniprogram{target=shop}', { targets });
    expect(html).toContain(
      'data-miniprogram-appid="wxfedcba9876543210" data-miniprogram-path="pages/shop/index" data-miniprogram-title="书店" data-miniprogram-imageurl="./shop.jpg"',
    );
  });

  it('lets attributes on the directive override the target', async () => {
    const { html } = await render(':miniprogram[去看看]{target=shop path="pages/item?id=3"}', { targets });
    expect(html).toBe(
      '<p><a data-miniprogram-appid="wxfedcba9876543210" data-miniprogram-path="pages/item?id=3" href="">去看看</a></p>',
    );
  });

  it('falls back to the appid option', async () => {
    const { html, messages } = await render(':miniprogram[打开]{path=pages/index}', { appid: APPID });
    expect(messages).toEqual([]);
    expect(html).toContain(`data-miniprogram-appid="${APPID}"`);
  });

  it('honours another directive name', async () => {
    const { html } = await render(':mp[打开]{path=p}', { appid: APPID, name: 'mp' });
    expect(html).toContain('data-miniprogram-path="p"');
  });
});

describe('mistakes are positioned messages, and nothing the author wrote is lost', () => {
  const cases: [string, string, string, RegExp, number, number][] = [
    [
      'bad appid',
      'Text\n\n::miniprogram{appid=wx123 path=p title=t imageurl=i}',
      'invalid-appid',
      /appid `wx123` is not a mini-program appid/,
      3,
      1,
    ],
    ['no appid', 'Go :miniprogram[x]{path=p} now', 'missing-appid', /has no appid/, 1, 4],
    ['no path', `:miniprogram[x]{appid=${APPID}}`, 'missing-path', /has no path/, 1, 1],
    ['unknown target', ':miniprogram[x]{target=nope}', 'unknown-target', /unknown target `nope`/, 1, 1],
    [
      'card without title',
      `::miniprogram{appid=${APPID} path=p imageurl=i}`,
      'card-missing-title',
      /card needs `title=`/,
      1,
      1,
    ],
    [
      'card without image',
      `::miniprogram{appid=${APPID} path=p title=t}`,
      'card-missing-imageurl',
      /card needs `imageurl=`/,
      1,
      1,
    ],
    [
      'card title over 35 characters',
      `::miniprogram{appid=${APPID} path=p title="${'长'.repeat(36)}" imageurl=i}`,
      'card-long-title',
      /^the card title is 36 characters; WeChat shows at most 35: shorten `title=` or set `allowLongCardTitle`$/,
      1,
      1,
    ],
    ['link without label', `:miniprogram{appid=${APPID} path=p}`, 'missing-label', /needs a label/, 1, 1],
    [
      'container',
      `:::miniprogram{appid=${APPID} path=p}\nx\n:::`,
      'container',
      /`:::miniprogram` is not a form WeChat has/,
      1,
      1,
    ],
  ];
  for (const [name, markdown, ruleId, reason, line, column] of cases) {
    it(name, async () => {
      const { html, messages } = await render(markdown);
      const error = messages.find((m) => reason.test(m.reason));
      expect(error, messages.map((m) => m.reason).join('\n')).toBeDefined();
      expect([error!.ruleId, error!.line, error!.column, error!.fatal, error!.source]).toEqual([
        ruleId,
        line,
        column,
        true,
        'remark-weixin-miniprogram',
      ]);
      expect(html).not.toContain('mp-common-miniprogram');
      expect(html).not.toContain('data-miniprogram-appid');
    });
  }

  it('keeps a broken directive visible as its source', async () => {
    const { html } = await render('Before :miniprogram[买书]{target=nope} after');
    expect(html).toBe('<p>Before :miniprogram[买书]{target=nope} after</p>');
  });

  it('makes a long card title a warning with allowLongCardTitle, and warns about unknown attributes', async () => {
    const { html, messages } = await render(
      `::miniprogram{appid=${APPID} path=p title="${'长'.repeat(36)}" imageurl=i colour=red}`,
      { allowLongCardTitle: true },
    );
    expect(html).toContain(`data-miniprogram-title="${'长'.repeat(36)}"`);
    expect(messages.map((m) => [m.ruleId, m.fatal])).toEqual([
      ['unknown-attribute', false],
      ['card-long-title', false],
    ]);
  });

  it('accepts a card title of exactly 35 characters', async () => {
    const { html, messages } = await render(
      `::miniprogram{appid=${APPID} path=p title="${'长'.repeat(35)}" imageurl=i}`,
    );
    expect(messages).toEqual([]);
    expect(html).toContain('mp-common-miniprogram');
  });
});

describe('restoring directives that are not ours', () => {
  const cases: [string, string][] = [
    ['Meet at 10:30 today', '<p>Meet at 10:30 today</p>'],
    ['a:b:c and 3:2 ratio', '<p>a:b:c and 3:2 ratio</p>'],
    ['时间 10:30:45', '<p>时间 10:30:45</p>'],
    ['注意:这里很重要', '<p>注意:这里很重要</p>'],
    ['Visit https://example.com:8080/x', '<p>Visit https://example.com:8080/x</p>'],
    [':smile: stays', '<p>:smile: stays</p>'],
    ['\\:escaped', '<p>:escaped</p>'],
    ['::note{x=1}', '<p>::note{x=1}</p>'],
    ["::note{x='1' .big}", "<p>::note{x='1' .big}</p>"],
    // Over two lines of a quote the source holds `> ` markers, so the directive is written again.
    ['> :abbr[two\n> lines]{x=1}', '<blockquote>\n<p>:abbr[two\nlines]{x="1"}</p>\n</blockquote>'],
    ['> quoted :kbd[Ctrl]{os=mac} key', '<blockquote>\n<p>quoted :kbd[Ctrl]{os=mac} key</p>\n</blockquote>'],
    [':::box\ninside 1:2\n:::', '<p>inside 1:2</p>'],
  ];
  for (const [markdown, expected] of cases) {
    it(JSON.stringify(markdown), async () => {
      expect((await render(markdown)).html).toBe(expected);
    });
  }
});
