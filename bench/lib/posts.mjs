// The posts the render benchmark times: Astro's blog example posts (copied under bench/posts) and
// the playground's Chinese posts, and a math-heavy Chinese post shaped like doocs/md's example.
import path from 'node:path';

const bench = path.resolve(import.meta.dirname, '..');
const workspace = path.resolve(bench, '..');

export const REAL_POSTS = [
  path.join(bench, 'posts/markdown-style-guide.md'),
  path.join(bench, 'posts/first-post.md'),
  path.join(bench, 'posts/second-post.md'),
  path.join(bench, 'posts/third-post.md'),
  path.join(workspace, 'playground/src/content/blog/astro-to-weixin.md'),
  path.join(workspace, 'playground/src/content/blog/spring-reading.md'),
  path.join(bench, 'posts/math-heavy.md'),
];

/** Posts whose formula SVG the math part measures: the playground's math post and the math-heavy one. */
export const MATH_POSTS = [
  path.join(workspace, 'playground/src/content/blog/math-notes.md'),
  path.join(bench, 'posts/math-heavy.md'),
];
