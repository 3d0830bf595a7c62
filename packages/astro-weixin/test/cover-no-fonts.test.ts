// Runs in its own process: fontconfig reads FONTCONFIG_FILE once, before the first text is drawn.
import path from 'node:path';
import { vi } from 'vitest';

vi.hoisted(() => {
  process.env['FONTCONFIG_FILE'] = new URL('./fixtures/no-fonts.conf', import.meta.url).pathname;
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateCover } from '../src/images/cover.js';

describe('generateCover without system fonts', () => {
  it('still draws the title, from the font the package brings', async () => {
    expect(path.basename(process.env['FONTCONFIG_FILE']!)).toBe('no-fonts.conf');
    const { wide } = await generateCover({ title: '没有系统字体也能画出标题', siteName: 'blog.example.com' });
    const { data, info } = await sharp(wide.data)
      .extract({ left: 258, top: 80, width: 383, height: 220 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    let white = 0;
    for (let i = 0; i < data.length; i += info.channels)
      if (data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200) white += 1;
    expect(white).toBeGreaterThan(2000);
  });
});
