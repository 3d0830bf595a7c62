/**
 * WeChat gets plain HTML, so an MDX post goes through the Markdown pipeline with what only MDX
 * understands taken out: ESM lines and component tags are blanked (keeping line numbers, so
 * messages still point at the right line) and each component is reported, since its output
 * cannot be rendered outside Astro.
 */
export interface MdxNotice {
  line: number;
  message: string;
}

export function mdxToMarkdown(source: string): { markdown: string; notices: MdxNotice[] } {
  const lines = source.split('\n');
  const notices: MdxNotice[] = [];
  let inFence = false;
  let inEsm = false;
  let frontmatter = lines[0]?.trim() === '---';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (frontmatter) {
      if (index > 0 && line.trim() === '---') frontmatter = false;
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    if (inEsm || /^(import|export)\s/.test(line)) {
      // An import or export runs until a line that ends the statement.
      inEsm = !/;\s*$|^\s*$/.test(line) && !/\bfrom\s+['"][^'"]+['"]\s*;?\s*$/.test(line);
      lines[index] = '';
      continue;
    }
    const replaced = line.replace(/<\/?([A-Z][\w.]*)\b[^>]*?\/?>/g, (_tag, name: string) => {
      notices.push({
        line: index + 1,
        message: `the MDX component <${name}> cannot be shown in WeChat and is left out (its children are kept)`,
      });
      return '';
    });
    lines[index] = replaced;
  }
  return { markdown: lines.join('\n'), notices };
}
