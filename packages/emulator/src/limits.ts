// The emulator keeps its own copy of WeChat's rules on purpose: it checks the client, so must not share its rules.
/**
 * Every number the emulator enforces. Where the sources disagree (see the reference notes), the
 * default is the strictest value, so a client that passes here passes on the real platform.
 */
export interface Limits {
  /** Article title, in characters. Sources give 32 or 64. */
  titleMaxChars: number;
  /** Author, in characters. Sources give 8 or 16. */
  authorMaxChars: number;
  /** Digest, in characters. Sources give 120 or 128. */
  digestMaxChars: number;
  /** Content must have fewer characters than this (see `contentCount`). */
  contentMaxChars: number;
  /**
   * What `contentMaxChars` counts: the visible text (what the WeChat editor counts, and the client's
   * default) or the whole HTML (stricter: one peer counts so, and long styled posts then fail).
   */
  contentCount: 'html' | 'text';
  /** Content must be smaller than this many UTF-8 bytes ("under 1 MB"). */
  contentMaxBytes: number;
  /** Articles in one message. */
  articlesMax: number;
  /** Pictures in an image post (newspic): wenyan and frago give 20; unconfirmed. */
  imagePostPicturesMax: number;
  /** An image post's plain text, in characters; no source gives it (45166 is the errcode): unconfirmed. */
  imagePostTextMaxChars: number;
  /** media/uploadimg: jpg/png, "under 1 MB". */
  uploadImgMaxBytes: number;
  /** Thumbs (temporary and permanent): JPG, 64 KB. */
  thumbMaxBytes: number;
  /** Temporary images: 10 MB on some pages, 2 MB on others. */
  tempImageMaxBytes: number;
  /** Permanent images (add_material type=image, the upload that keeps a GIF animated): 10 MB on some pages, 2 MB on others. */
  materialImageMaxBytes: number;
  voiceMaxBytes: number;
  videoMaxBytes: number;
  /** Temporary media lifetime. */
  mediaTtlSeconds: number;
  /** How long a classic token keeps working after a newer one was issued. */
  tokenGraceSeconds: number;
  classicTokenPerDay: number;
  stableForceRefreshPerDay: number;
  stableForceRefreshIntervalSeconds: number;
  previewPerDay: number;
  /** Subscription accounts: 1 a day (service accounts: 4 a month). */
  massSendPerDay: number;
  /** How long a sendall stays SENDING (message/mass/get) before it is SEND_SUCCESS. */
  massSendDelayMs: number;
  publishPerDay: number;
  /** How long a submitted publish stays "publishing" (status 1) before it is published (0). */
  publishDelayMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  titleMaxChars: 32,
  authorMaxChars: 8,
  digestMaxChars: 120,
  contentMaxChars: 20_000,
  contentCount: 'text',
  contentMaxBytes: 1_000_000,
  articlesMax: 8,
  imagePostPicturesMax: 20,
  imagePostTextMaxChars: 45_166,
  uploadImgMaxBytes: 1024 * 1024 - 1,
  thumbMaxBytes: 64 * 1024,
  tempImageMaxBytes: 2 * 1024 * 1024,
  materialImageMaxBytes: 2 * 1024 * 1024,
  voiceMaxBytes: 2 * 1024 * 1024,
  videoMaxBytes: 10 * 1024 * 1024,
  mediaTtlSeconds: 3 * 24 * 3600,
  tokenGraceSeconds: 300,
  classicTokenPerDay: 2000,
  stableForceRefreshPerDay: 20,
  stableForceRefreshIntervalSeconds: 30,
  previewPerDay: 100,
  massSendPerDay: 1,
  massSendDelayMs: 1000,
  publishPerDay: 100,
  publishDelayMs: 1000,
};
