/**
 * Plain-words advice for the errcodes a publisher meets, and the trace id and IP address that
 * WeChat tucks into errmsg. The advice says what to change, not only what went wrong.
 */
import { ARTICLE_LIMITS, CLIENTMSGID_MAX_BYTES } from '@astro-weixin/rules';
import { isTokenCall } from './calls.js';

/** `… rid: 68aeabxx-21ea79xx-3a4424xx` (newer answers) or `… hint: [EHBWfA02911552]` (older). */
export function parseRid(errmsg: string): string | undefined {
  const rid = /\brid:\s*([\w-]+)/i.exec(errmsg);
  if (rid) return rid[1];
  const hint = /\bhint:\s*\[([^\]\s]+)\]/i.exec(errmsg);
  return hint?.[1];
}

/** 40164's errmsg names the caller: `invalid ip 120.244.112.8 ipv6 ::ffff:120.244.112.8, not in whitelist`. */
export function parseIp(errmsg: string): string | undefined {
  const match = /invalid ip\s+([0-9a-f.:]+)/i.exec(errmsg);
  return match?.[1]?.replace(/[.:]+$/, '');
}

/** The next daily-quota reset: midnight in Beijing (UTC+8), i.e. 16:00 UTC. */
export function nextBeijingMidnight(now: number): Date {
  const beijing = new Date(now + 8 * 3600_000);
  const next = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1);
  return new Date(next - 8 * 3600_000);
}

const CONSOLE = 'the Official Account console (mp.weixin.qq.com, Settings and development > Basic configuration)';

const UPLOAD_RULES: Record<string, string> = {
  'media/uploadimg': 'body images (media/uploadimg) must be JPG or PNG under 1 MB',
  'media/upload': 'thumbs must be JPG of at most 64 KB; temporary images at most 10 MB (bmp/png/jpeg/jpg/gif)',
  'material/add_material': 'permanent thumbs must be JPG of at most 64 KB; images at most 10 MB (bmp/png/jpeg/jpg/gif)',
};

/** Advice, fixed or worded for the call that failed. */
type Hint = string | ((context: HintContext) => string);

export interface HintContext {
  call: string;
  errmsg: string;
  now: number;
  /** The whole answer (redacted), for codes whose advice depends on it (45065's msg_id). */
  answer?: Record<string, unknown>;
}

const TOKEN_STILL_REJECTED: Hint =
  "The access token was missing, invalid or expired even after a fresh one was fetched; check that nothing else is invalidating this account's tokens (classic cgi-bin/token calls, force_refresh).";

const FILE_TOO_BIG: Hint = ({ call }) => `The file is too big: ${uploadRuleFor(call)}.`;

/** Advice per errcode. */
const HINTS = new Map<number, Hint>([
  [-1, 'WeChat is busy (system error). Safe calls were retried with backoff; wait a few minutes and run again.'],
  [
    40001,
    ({ call }) =>
      isTokenCall(call)
        ? `The AppSecret does not match the AppID. Copy the AppSecret again from ${CONSOLE}; if it was reset, the old one no longer works.`
        : 'The access token was rejected even after a fresh one was fetched. Another system may be fetching tokens for this account with the classic cgi-bin/token (each call there invalidates the previous token) or with force_refresh: use the stable token everywhere, or give this client a token function that asks the system that owns the token.',
  ],
  [40125, `The AppSecret is wrong. Copy it again from ${CONSOLE}; if it was reset, the old one no longer works.`],
  [
    40013,
    "The AppID is not valid: use the Official Account's AppID (wx followed by 16 hexadecimal characters), not a Mini Program's or a website's.",
  ],
  [
    40164,
    ({ errmsg }) => {
      const ip = parseIp(errmsg);
      return `This machine's IP address${ip ? ` ${ip}` : ''} is not on the account's IP whitelist. Add it in ${CONSOLE} > IP whitelist, or send the calls through a proxy on a whitelisted host (the \`proxy\` option or HTTPS_PROXY), or supply tokens from a service that runs on one. CI runners without a fixed address need one of the last two.`;
    },
  ],
  [40002, 'grant_type must be client_credential.'],
  [40014, TOKEN_STILL_REJECTED],
  [42001, TOKEN_STILL_REJECTED],
  [41001, TOKEN_STILL_REJECTED],
  [
    45009,
    ({ call, now }) => {
      const reset = nextBeijingMidnight(now);
      return `The daily quota for ${call} is used up. It resets at midnight Beijing time (UTC+8), that is ${reset.toISOString().replace('.000', '')}. Stop and run again after that; an administrator can also reset quotas in the console (limited to a few times a month).`;
    },
  ],
  [
    45011,
    'The API was called too often (minute quota). Wait at least 60 seconds before calling again (raise `maxRetryWaitMs` to 60000 or more to let the client wait by itself).',
  ],
  [
    45028,
    ({ now }) => {
      const reset = nextBeijingMidnight(now).toISOString().replace('.000', '');
      return `There is no mass-send quota left. Subscription accounts may send 1 a day, again from midnight Beijing time (UTC+8), that is ${reset}; service accounts 4 a month. Do not retry before then.`;
    },
  ],
  [
    45065,
    ({ answer }) => {
      const msgId = answer?.['msg_id'];
      const which = msgId !== undefined && msgId !== null ? ` (msg_id ${String(msgId)})` : '';
      return `This clientmsgid was already used for a mass send in the last 24 hours: the message went out already${which}. Do not send again; the existing msg_id is in error.answer.msg_id, and getMassStatus(msg_id) says how its delivery went.`;
    },
  ],
  [
    45066,
    'The same clientmsgid was sent again too quickly. Wait a minute, then check with getMassStatus before sending again.',
  ],
  [45067, `The clientmsgid is too long: WeChat takes at most ${CLIENTMSGID_MAX_BYTES} bytes (UTF-8).`],
  [
    40007,
    ({ call }) =>
      call === 'draft/add' || call === 'draft/update'
        ? 'A media_id is invalid. Drafts need a permanent thumb_media_id from material/add_material (type=thumb), not a temporary one from media/upload; temporary media also expires after 3 days.'
        : 'A media_id is invalid or expired: temporary media (media/upload) expires after 3 days, and drafts need permanent material (material/add_material). Upload it again.',
  ],
  [
    41005,
    'The file was not found in the request: send multipart/form-data with the file in the field named `media`, with a filename and a content type.',
  ],
  [44001, 'The uploaded file was empty.'],
  [
    45166,
    'WeChat rejected the article content: usually a link to an outside site (only mp.weixin.qq.com articles may be linked), a mini-program tag with a wrong appid, or malformed HTML. Remove outside links and check the HTML.',
  ],
  [
    48001,
    'This account is not allowed to use this API: the account type (subscription or service) or its verification status lacks the permission. Check Settings and development > API permissions in the console.',
  ],
  [
    45002,
    `The content is too long: WeChat takes fewer than ${ARTICLE_LIMITS.contentCharacters.toLocaleString('en')} characters and under 1 MB of HTML. Split the post or shorten inline styles.`,
  ],
  [45003, `The title is too long: keep it to at most ${ARTICLE_LIMITS.title} characters.`],
  [45004, `The digest (description) is too long: keep it to at most ${ARTICLE_LIMITS.digest} characters.`],
  [45008, `A graphic message holds 1 to ${ARTICLE_LIMITS.articles} articles.`],
  [44003, 'The articles list was empty: send 1 to 8 articles.'],
  [44004, "An article's content was empty."],
  [40004, 'The media type is not valid: use image, voice, video or thumb.'],
  [40005, ({ call }) => `The file type is not accepted: ${uploadRuleFor(call)}. WebP and SVG are refused.`],
  [40006, FILE_TOO_BIG],
  [40009, FILE_TOO_BIG],
  [45001, FILE_TOO_BIG],
  [47001, 'WeChat could not parse the request body (malformed JSON or a wrong field type).'],
  [
    43004,
    'The preview recipient does not follow the account: previews go only to followers (use their openid, or towxname with their WeChat ID).',
  ],
  [
    40003,
    "The openid is not valid for this account: openids differ per account; take it from this account's follower list.",
  ],
  [
    53503,
    'The draft failed the publish check; open it in the console (mp.weixin.qq.com) to see why, fix it, and submit again.',
  ],
  [53504, 'This draft cannot be published through the API: publish it from the web console (mp.weixin.qq.com).'],
  [53505, 'Open the draft in the web console and save it manually once, then publish it again.'],
]);

/** Advice for an errcode, in plain words, or undefined for codes a publisher rarely meets. */
export function hintFor(errcode: number, context: HintContext): string | undefined {
  const hint = HINTS.get(errcode);
  return typeof hint === 'function' ? hint(context) : hint;
}

/** What an upload call takes, for advice on a refused file. */
function uploadRuleFor(call: string): string {
  return UPLOAD_RULES[call] ?? 'see the size and type limits for this upload';
}
