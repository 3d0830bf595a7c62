import type { ThemeName } from 'rehype-weixin';
import { createWeixinProcessor } from './processor.js';
import type { ProcessorOptions, WeixinProcessor } from './types.js';

/**
 * For a preview that switches themes: the processor for a built-in theme, with the rest of the
 * options (your CSS on top included) as given. Each is made on first use, then reused, since a
 * processor sets up its highlighter (and MathJax) once.
 */
export function createThemedProcessors(options: ProcessorOptions = {}): (name: ThemeName) => WeixinProcessor {
  const made = new Map<ThemeName, WeixinProcessor>();
  return (name) => {
    let processor = made.get(name);
    if (!processor) {
      // A `base` would stand in for every theme alike, so the chosen theme replaces it.
      const { base: _base, ...theme } = options.weixin?.theme ?? {};
      processor = createWeixinProcessor({ ...options, weixin: { ...options.weixin, theme: { ...theme, name } } });
      made.set(name, processor);
    }
    return processor;
  };
}
