export { WeixinClient } from './client.js';
export type { WeixinClientOptions, RetryOptions } from './options.js';
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
export { describePublishStatus } from './publish-status.js';
export { redact } from './redact.js';
export { validateArticles, findArticleProblems, type ValidateOptions } from './validate.js';
export type { WeixinFile } from './multipart.js';
export type { TokenFunction, TokenAnswer } from './token/manager.js';
export type * from './types.js';
