import type { AstroConfig, AstroIntegration, AstroIntegrationLogger, HookParameters } from 'astro';
import remarkDirective from 'remark-directive';
import remarkWeixinMiniprogram, { remarkRestoreDirectives } from 'remark-weixin-miniprogram';
import { satteriClaimMiniprogram, satteriRestoreDirectives } from 'remark-weixin-miniprogram/satteri';
import type { ResolvedOptions } from '../config/options.js';
import { siteMajor } from './site-versions.js';

type Processor = { name: string; options: Record<string, unknown> };
type UpdateConfig = HookParameters<'astro:config:setup'>['updateConfig'];

/** How the site's Markdown was extended: a processor of Astro >= 6.4, or `markdown.remarkPlugins` before it. */
export type SitePipeline = 'satteri' | 'unified' | 'remark-plugins';

/**
 * Astro 5 and 6.0–6.3 have no `markdown.processor` key at all: their one pipeline is unified and
 * takes `markdown.remarkPlugins`. Astro >= 6.4 always sets a processor, even when the user did not,
 * but @astrojs/mdx 5 there still reads only `markdown.remarkPlugins`; Astro copies those into the
 * unified processor, so that is the one way to reach both .md and .mdx.
 */
function takesRemarkPlugins(config: AstroConfig, logger: AstroIntegrationLogger): boolean {
  if (!('processor' in config.markdown)) return true;
  const processor = (config.markdown as { processor?: Processor }).processor;
  const mdx = config.integrations.some((integration) => integration.name === '@astrojs/mdx');
  const mdxMajor = mdx ? siteMajor(config.root, '@astrojs/mdx') : undefined;
  if (processor?.name !== 'unified' || mdxMajor === undefined || mdxMajor >= 6) return false;
  logger.info(
    `@astrojs/mdx ${mdxMajor} does not read markdown.processor, so astro-weixin passes its site plugins through markdown.remarkPlugins (which Astro calls deprecated); @astrojs/mdx 6 or newer avoids this.`,
  );
  return true;
}

/**
 * Makes the site itself render mini-program directives (as a web fallback) and keep text such as
 * `10:30` that directive syntax would otherwise eat. Astro >= 6.4 reads the processor's options at
 * render time, so extending them in place is the supported way; there `markdown.remarkPlugins`
 * would be ignored by Sätteri and fail without @astrojs/markdown-remark. Older Astro only has
 * `markdown.remarkPlugins`, which MDX extends too.
 */
export function extendSiteMarkdown(
  config: AstroConfig,
  options: ResolvedOptions,
  logger: AstroIntegrationLogger,
  updateConfig: UpdateConfig,
): SitePipeline | undefined {
  const pluginOptions = {
    mode: 'web' as const,
    appid: options.miniprogram.appid,
    targets: options.miniprogram.targets,
  };
  if (takesRemarkPlugins(config, logger)) {
    updateConfig({ markdown: { remarkPlugins: [remarkDirective, [remarkWeixinMiniprogram, pluginOptions]] } });
    return 'remark-plugins';
  }
  const processor = (config.markdown as { processor?: Processor }).processor;
  if (processor?.name === 'satteri') {
    processor.options['features'] ??= {};
    (processor.options['features'] as Record<string, unknown>)['directive'] = true;
    processor.options['mdastPlugins'] ??= [];
    (processor.options['mdastPlugins'] as unknown[]).push(satteriClaimMiniprogram(pluginOptions));
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
export function restoreDirectivesIntegration(pipeline: SitePipeline | undefined): AstroIntegration {
  return {
    name: 'astro-weixin:restore-directives',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        if (pipeline === 'remark-plugins') {
          updateConfig({ markdown: { remarkPlugins: [remarkRestoreDirectives] } });
          return;
        }
        const processor = (config.markdown as { processor?: Processor }).processor;
        if (pipeline === 'satteri' && processor) {
          processor.options['mdastPlugins'] ??= [];
          (processor.options['mdastPlugins'] as unknown[]).push(satteriRestoreDirectives());
          return;
        }
        if (pipeline !== 'unified' || !processor) return;
        processor.options['remarkPlugins'] ??= [];
        (processor.options['remarkPlugins'] as unknown[]).push(remarkRestoreDirectives);
      },
    },
  };
}
