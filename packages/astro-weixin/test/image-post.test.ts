// An image post's text: what draft/add's plain `content` gets from the rendered HTML.
import { describe, expect, it } from 'vitest';
import { imagePostText } from '../src/render/image-post.js';

describe('imagePostText', () => {
  it('keeps paragraphs, headings, list items and line breaks as lines; drops tags, images and styles', () => {
    const html =
      '<h2 style="color:red">标题</h2><p style="margin:0">第一段<br>第二行 &amp; <strong>粗体</strong></p>' +
      '<p><img src="x.png" alt="图"></p><ul><li>一</li><li>二</li></ul><p>  末尾  </p>';
    expect(imagePostText(html)).toBe('标题\n\n第一段\n第二行 & 粗体\n\n· 一\n\n· 二\n\n末尾');
  });

  it('is empty for a post of pictures only', () => {
    expect(imagePostText('<p><img src="a.png"></p>\n<p><img src="b.png"></p>')).toBe('');
  });
});
