/**
 * What the WeChat editor keeps in a `style` attribute. One declaration it rejects can wipe the
 * element's whole style (doocs/md #1944), so anything outside this list is dropped beforehand.
 */
const PROPERTIES = new Set([
  'color',
  'background',
  'background-color',
  'background-image',
  'background-size',
  'background-position',
  'background-repeat',
  'background-clip',
  'font',
  'font-size',
  'font-weight',
  'font-style',
  'font-family',
  'font-variant',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-align',
  'text-indent',
  'text-decoration',
  'text-decoration-line',
  'text-decoration-color',
  'text-decoration-style',
  'text-underline-offset',
  'text-shadow',
  'text-transform',
  'vertical-align',
  'white-space',
  'word-break',
  'word-wrap',
  'overflow-wrap',
  'box-sizing',
  'box-shadow',
  'width',
  'min-width',
  'max-width',
  'height',
  'min-height',
  'max-height',
  'display',
  'overflow',
  'overflow-x',
  'overflow-y',
  'opacity',
  'float',
  'clear',
  'position',
  'top',
  'right',
  'bottom',
  'left',
  'transform',
  'transform-origin',
  'list-style',
  'list-style-type',
  'list-style-position',
  'border-collapse',
  'border-spacing',
  'table-layout',
  'flex',
  'flex-direction',
  'flex-wrap',
  'flex-grow',
  'flex-shrink',
  'flex-basis',
  'justify-content',
  'align-items',
  'align-self',
  '-webkit-box-orient',
]);

/** Families whose every longhand is kept: margin-top, border-left-color, border-top-left-radius… */
const FAMILIES = /^(margin|padding|border)(-(top|right|bottom|left|width|style|color|radius))*$/;

/**
 * Why the editor would reject a declaration, or undefined when it keeps it. The theme, your CSS
 * and every `style` attribute in raw HTML or MDX go through this one check. It reads the
 * declaration as a browser would: comments out, escapes (`u\72 l(`) decoded, case folded.
 */
export function rejectedBecause(property: string, value: string): string | undefined {
  const name = canonical(property).trim();
  const text = canonical(value);
  if (name.startsWith('--')) return 'custom properties do not exist in inline styles';
  if (!PROPERTIES.has(name) && !FAMILIES.test(name)) return `the editor does not keep \`${name}\``;
  if (/var\(/.test(text)) return 'var() has nothing to read in an inline style';
  if (/expression\(|javascript:|vbscript:/.test(text)) return 'the editor removes script in styles';
  if (/(?:^|[^\w-])(?:-\w+-)?(?:image-set|image|cross-fade|element|src)\(/.test(text))
    return 'WeChat shows only the images it hosts, never one from CSS';
  if (/url\(\s*['"]?\s*(?!data:image\/)/.test(text)) return 'WeChat shows only the images it hosts, never one from CSS';
  if (name === 'position' && !/^(static|relative)$/.test(text.replace(/!important$/, '').trim()))
    return 'the editor keeps only `static` and `relative` positions';
  return undefined;
}

/** CSS text as a browser's tokenizer reads it: without comments, escapes decoded, in lower case. */
function canonical(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?|\\([^\n\r\f])|\\[\n\r\f]/gi, (_, hex?: string, character?: string) => {
      if (hex) {
        const code = Number.parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
      }
      return character ?? '';
    })
    .toLowerCase();
}
