// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import weixin from 'astro-weixin';

export default defineConfig({
  site: 'https://blog.example.com',
  integrations: [
    mdx(),
    weixin({
      // The draft box: image posts (`type: newspic`, see spring-walk.md) exist only there.
      target: 'draft',
      author: '小北',
      // Named mini-program targets that posts refer to with `target=shop`.
      miniprogram: {
        appid: 'wx0123456789abcdef',
        targets: {
          shop: {
            appid: 'wxfedcba9876543210',
            path: 'pages/shop/index',
            title: '小北的书店',
            imageurl: '/images/shop-card.jpg',
            url: 'https://blog.example.com/shop/',
          },
        },
      },
      postUrl: '/blog/{slug}/',
      // The dry run (a build without credentials) shows each message in every built-in theme too.
      previewThemes: true,
    }),
  ],
});
