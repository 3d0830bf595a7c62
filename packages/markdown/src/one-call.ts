import { createWeixinProcessor } from './processor.js';
import type { Options, ProcessorOptions, WeixinArticle, WeixinProcessor } from './types.js';

/** Processors kept for the one-call API: a script uses one set of options, a preview a few. */
const KEPT = 8;
const kept = new Map<string, WeixinProcessor>();

/**
 * Markdown with front matter -> WeChat article HTML, its images, title, digest and messages.
 * A script converting a whole blog calls this once per post, so the processor for the same
 * options is made once and reused (the oldest of a few is let go): setting one up costs as
 * much as converting a short post. Options holding functions or class instances cannot be
 * compared, and get a processor of their own.
 */
export async function markdownToWeixin(source: string, options: Options = {}): Promise<WeixinArticle> {
  const { path, frontmatter, ...processorOptions } = options;
  return processorFor(processorOptions).process(source, {
    ...(path ? { path } : {}),
    ...(frontmatter ? { frontmatter } : {}),
  });
}

function processorFor(options: ProcessorOptions): WeixinProcessor {
  const key = plainKey(options);
  if (key === undefined) return createWeixinProcessor(options);
  let processor = kept.get(key);
  if (processor) kept.delete(key);
  else {
    processor = createWeixinProcessor(options);
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  }
  // Re-inserted, so the map's order is least recently used first.
  kept.set(key, processor);
  return processor;
}

/** The options as JSON, when they are plain data (objects, arrays, strings, numbers, booleans). */
function plainKey(options: ProcessorOptions): string | undefined {
  let plain = true;
  const key = JSON.stringify(options, (_name, value: unknown) => {
    const type = typeof value;
    if (type === 'function' || type === 'symbol' || type === 'bigint') plain = false;
    else if (value && type === 'object' && !Array.isArray(value)) {
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) plain = false;
    }
    return value;
  });
  return plain ? key : undefined;
}
