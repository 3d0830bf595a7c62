import type { WeixinClient } from '@astro-weixin/api';

/** How a post is recognised on the account: its address on the site, or its title where it has none. */
export interface ArticleKey {
  url?: string | undefined;
  title: string;
}

export interface RemoteDraft {
  media_id: string;
  articles: ArticleKey[];
}

export interface RemotePublishedArticle extends ArticleKey {
  article_id: string;
  /** The article's address on WeChat. */
  articleUrl: string;
  /** Seconds, as WeChat reports times. */
  updateTime: number;
}

/** A page of draft/batchget or freepublish/batchget: 20 is the most WeChat gives at once. */
const PAGE = 20;
/** Enough for years of posts; past it the account is not read further, and the build says so. */
const MAX_PAGES = 50;

/**
 * What the account holds, read lazily and at most once per build: the drafts and the published
 * articles. The lockfile is a cache of this; when it is missing, stale or has an unfinished call,
 * this is what says whether a draft or a publication already exists.
 */
export class AccountView {
  private drafts: Promise<RemoteDraft[]> | undefined;
  private published: Promise<RemotePublishedArticle[]> | undefined;

  constructor(
    private readonly client: WeixinClient,
    private readonly warn: (message: string) => void,
  ) {}

  /** The draft that holds exactly these articles in this order, if there is one. */
  async findDraft(keys: ArticleKey[]): Promise<RemoteDraft | undefined> {
    this.drafts ??= this.readDrafts();
    const drafts = await this.drafts;
    return drafts.find(
      (draft) =>
        draft.articles.length === keys.length && draft.articles.every((article, i) => matches(article, keys[i]!)),
    );
  }

  /** Where the post was published, if it was. `fresh` reads the account again (a publish may just have ended). */
  async findPublished(key: ArticleKey, fresh = false): Promise<RemotePublishedArticle | undefined> {
    if (fresh) this.published = undefined;
    this.published ??= this.readPublished();
    const published = await this.published;
    return published.find((article) => matches(article, key));
  }

  private async readDrafts(): Promise<RemoteDraft[]> {
    const drafts: RemoteDraft[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.client.listDrafts({ offset: page * PAGE, count: PAGE, noContent: true });
      for (const item of answer.item ?? []) {
        drafts.push({
          media_id: item.media_id,
          articles: (item.content?.news_item ?? []).map((n) => ({ title: n.title ?? '', url: n.content_source_url })),
        });
      }
      if ((page + 1) * PAGE >= Number(answer.total_count)) return drafts;
    }
    this.warn(`the account has more than ${PAGE * MAX_PAGES} drafts; only the newest were compared`);
    return drafts;
  }

  private async readPublished(): Promise<RemotePublishedArticle[]> {
    const articles: RemotePublishedArticle[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.client.listPublished({ offset: page * PAGE, count: PAGE, noContent: true });
      for (const item of answer.item ?? []) {
        for (const news of item.content?.news_item ?? []) {
          if (news.is_deleted) continue;
          articles.push({
            article_id: item.article_id,
            title: news.title,
            url: news.content_source_url,
            articleUrl: news.url,
            updateTime: Number(item.update_time ?? 0),
          });
        }
      }
      if ((page + 1) * PAGE >= Number(answer.total_count)) return articles;
    }
    this.warn(`the account has more than ${PAGE * MAX_PAGES} publications; only the newest were compared`);
    return articles;
  }
}

function matches(remote: ArticleKey, key: ArticleKey): boolean {
  if (key.url && remote.url) return remote.url === key.url;
  return remote.title === key.title;
}
