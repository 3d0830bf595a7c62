/** freepublish/get's publish_status in plain words, for logs and the integration's report. */

const STATUS: Record<number, string> = {
  0: 'published',
  1: 'publishing: not finished yet, ask again in a few seconds',
  2: 'not published: the originality check failed (原创校验不通过)',
  3: 'not published: publishing failed; try again, or publish the draft from the web console',
  4: 'not published: rejected by the platform review',
  5: 'deleted after it was published',
  6: 'banned after it was published',
};

/** `failIdx` is fail_idx from the answer: the failing articles, 1-based. */
export function describePublishStatus(status: number, failIdx?: number[]): string {
  const words = STATUS[status] ?? `unknown publish_status ${status}`;
  if (!failIdx || failIdx.length === 0) return words;
  const which = failIdx.length === 1 ? `article ${failIdx[0]}` : `articles ${failIdx.join(', ')}`;
  return `${words} (${which})`;
}
