import type { AstroConfig, AstroIntegration, AstroIntegrationLogger } from 'astro';
import remarkDirective from 'remark-directive';
import remarkWeixinMiniprogram, { remarkRestoreDirectives } from 'remark-weixin-miniprogram';
import { satteriWeixinMiniprogram } from 'remark-weixin-miniprogram/satteri';
import type { ResolvedOptions } from './options.js';

type Processor = { name: string; options: Record<string, unknown> };

/**
 * Makes the site itself render mini-program directives (as a web fallback) and keep text such as
 * `10:30` that directive syntax would otherwise eat. Astro 7 reads the processor's options at
 * render time, so extending them in place is the supported way; `markdown.remarkPlugins` would be
 * ignored by Sätteri and fail without @astrojs/markdown-remark.
 */
export function extendSiteMarkdown(
  config: AstroConfig,
  options: ResolvedOptions,
  logger: AstroIntegrationLogger,
): 'unified' | 'satteri' | undefined {
  const processor = (config.markdown as { processor?: Processor }).processor;
  const pluginOptions = {
    mode: 'web' as const,
    appid: options.miniprogram.appid,
    targets: options.miniprogram.targets,
  };
  if (processor?.name === 'satteri') {
    processor.options['features'] ??= {};
    (processor.options['features'] as Record<string, unknown>)['directive'] = true;
    processor.options['mdastPlugins'] ??= [];
    (processor.options['mdastPlugins'] as unknown[]).push(satteriWeixinMiniprogram(pluginOptions));
    return 'satteri';
  }
  if (processor?.name === 'unified') {
    processor.options['remarkPlugins'] ??= [];
    (processor.options['remarkPlugins'] as unknown[]).push(remarkDirective, [remarkWeixinMiniprogram, pluginOptions]);
    return 'unified';
  }
  logger.warn(
    `The site's Markdown processor${processor ? ` "${processor.name}"` : ''} is not one astro-weixin knows, so mini-program directives show as plain text on the site. ` +
      'Use satteri() (the default) or unified() from @astrojs/markdown-remark as markdown.processor. Publishing to WeChat is not affected.',
  );
  return undefined;
}

/**
 * Unclaimed directives must go back to text after every other plugin has had its turn, so this
 * small integration is added at the end of the list (as Starlight does for the same problem).
 */
export function restoreDirectivesIntegration(): AstroIntegration {
  return {
    name: 'astro-weixin:restore-directives',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const processor = (config.markdown as { processor?: Processor }).processor;
        if (processor?.name !== 'unified') return;
        processor.options['remarkPlugins'] ??= [];
        (processor.options['remarkPlugins'] as unknown[]).push(remarkRestoreDirectives);
      },
    },
  };
}
