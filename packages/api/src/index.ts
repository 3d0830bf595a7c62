export { WeixinClient, type WeixinClientOptions, type RetryOptions } from './client.js';
export { CALL_SAFETY, isSafeToRetry, type WeixinCall } from './calls.js';
export {
  WeixinError,
  WeixinApiError,
  WeixinHttpError,
  WeixinValidationError,
  WeixinConfigError,
  type WeixinHttpErrorKind,
  type ArticleProblem,
} from './errors.js';
export { hintFor, parseRid, parseIp, nextBeijingMidnight } from './hints.js';
export { redact } from './redact.js';
export { validateArticles, findArticleProblems, type ValidateOptions } from './validate.js';
export { multipartFile, type WeixinFile } from './multipart.js';
export { chooseRoute } from './proxy.js';
export type { TokenFunction, TokenAnswer } from './token.js';
export type * from './types.js';
