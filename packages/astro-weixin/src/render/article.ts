import type { CheckedSource } from '../images/sources.js';
import type { ResolvedOptions } from '../config/options.js';
import type { SelectedPost } from '../select/posts.js';
import type { ProblemList } from '../utils/problems.js';

/** An image the article needs, with its bytes read and hashed; nothing uploaded yet. */
export interface PreparedImage {
  placeholder: string;
  src: string;
  /**
   * `animated-gif`: a GIF with several frames, small enough to go up as permanent image material
   * and stay animated; a larger one is an `image` (its first frame).
   */
  kind: 'image' | 'miniprogram-card' | 'animated-gif';
  source: CheckedSource;
  hash: string;
}

/** Everything about one article that can be known without calling the API. */
export interface PreparedArticle {
  post: SelectedPost;
  /** The account it is made for, by its name in `accounts`; unset without that option. */
  account?: string;
  /** `newspic`: an image post, its body images as pictures to swipe and its text plain. */
  type: 'news' | 'newspic';
  /** An image post's text, plain, as `content` takes it. */
  text?: string;
  title: string;
  author?: string;
  digest?: string;
  html: string;
  images: PreparedImage[];
  cover: { src: string; source: CheckedSource; hash: string };
  showCoverPic: boolean;
  needOpenComment: boolean;
  onlyFansCanComment: boolean;
  /** Changes whenever anything that would change the published article changes. */
  contentHash: string;
  stats: { htmlCharacters: number; textCharacters: number; bytes: number };
}

export interface PrepareContext {
  root: string;
  publicDir: string;
  srcDir: string;
  options: ResolvedOptions;
  problems: ProblemList;
  /** Astro's cache directory: rendered posts are kept there, so a rebuild renders only what changed. */
  cacheDir?: string | undefined;
  /** After each post, in order; `rendered` is false for a post taken unchanged from the render cache. */
  onProgress?: (post: SelectedPost, article: PreparedArticle | undefined, rendered: boolean) => void;
}

/** Every selected post as far as the checks need it, whether or not it has problems. */
export type CheckedMember = Pick<PreparedArticle, 'post' | 'title' | 'contentHash'>;
