/**
 * The default theme: reads well on a phone, and stays compact because every declaration is
 * repeated inline on every matching element (WeChat counts characters).
 */
export const defaultTheme = `
h1, h2, h3, h4, h5, h6 { font-weight: bold; color: #1f2328; line-height: 1.4; }
h1 { font-size: 22px; margin: 1.2em 0 .8em; }
h2 { font-size: 19px; margin: 1.6em 0 .8em; padding-bottom: .3em; border-bottom: 1px solid #e5e7eb; }
h3 { font-size: 17px; margin: 1.4em 0 .6em; }
h4, h5, h6 { font-size: 16px; margin: 1.2em 0 .6em; }
p { margin: 0 0 1em; font-size: 16px; line-height: 1.75; color: #333; letter-spacing: .02em; }
li, section[data-weixin-list-item] { font-size: 16px; line-height: 1.75; color: #333; margin: .2em 0; }
ul, ol { margin: 0 0 1em; padding-left: .4em; }
section[data-weixin-list] { margin: .2em 0 0; }
li p, section[data-weixin-list-item] p { margin: 0; }
blockquote { margin: 0 0 1em; padding: .6em 1em; border-left: 4px solid #0b7a75; background: #f6f8fa; color: #4d4d4d; }
blockquote p { color: #4d4d4d; margin: .3em 0; }
a { color: #085551; }
strong { color: #1f2328; }
hr { border: none; border-top: 1px solid #e5e7eb; margin: 2em 0; }
img { display: block; margin: 1em auto; border-radius: 4px; }
pre[data-weixin-code] { margin: 0 0 1em; padding: 12px 14px; background: #0d1117; color: #f0f3f6; border-radius: 6px; font-size: 13px; line-height: 1.6; }
code[data-weixin-block-code] { font-family: Menlo, Consolas, monospace; }
code[data-weixin-inline-code] { font-family: Menlo, Consolas, monospace; font-size: 14px; padding: .1em .35em; background: #f0f2f4; color: #931b3a; border-radius: 3px; }
section[data-weixin-table-wrap] { overflow-x: auto; margin: 0 0 1em; }
table { border-collapse: collapse; font-size: 14px; min-width: 100%; }
th { background: #f6f8fa; font-weight: bold; }
th, td { border: 1px solid #d0d7de; padding: 6px 10px; }
section[data-weixin-math] { margin: 0 0 1em; }
span[data-weixin-was=kbd] { font-family: Menlo, monospace; font-size: 13px; padding: 0 .4em; border: 1px solid #d0d7de; border-bottom-width: 2px; border-radius: 4px; background: #f6f8fa; }
span[data-weixin-was=mark] { background: #fff3a3; }
span[data-weixin-was=small] { font-size: 13px; }
span[data-weixin-was=ins], span[data-weixin-was=u] { text-decoration: underline; }
span[data-weixin-was=del] { text-decoration: line-through; color: #585858; }
section[data-weixin-footnotes], section[data-weixin-references] { margin-top: 2em; font-size: 14px; color: #595959; }
section[data-weixin-footnotes] h3, section[data-weixin-references] h3 { font-size: 15px; color: #595959; }
section[data-weixin-footnotes] li, section[data-weixin-footnotes] p, section[data-weixin-references] p { font-size: 14px; color: #595959; margin: .2em 0; word-break: break-all; }
sup { font-size: 12px; color: #0b7a75; }
section[data-weixin-callout] { margin: 0 0 1em; padding: .6em 1em; border-left: 4px solid #0969da; border-radius: 4px; background: #f1f6fe; }
section[data-weixin-callout] p { margin: .3em 0; font-size: 15px; line-height: 1.7; color: #333; }
section[data-weixin-callout] ul, section[data-weixin-callout] ol { margin: .3em 0; }
section[data-weixin-callout] p[data-weixin-callout-title] { font-weight: bold; color: #064a9a; }
section[data-weixin-callout=tip] { border-left-color: #1a7f37; background: #f0f9f2; }
section[data-weixin-callout=tip] p[data-weixin-callout-title] { color: #125927; }
section[data-weixin-callout=important] { border-left-color: #8250df; background: #f6f1fe; }
section[data-weixin-callout=important] p[data-weixin-callout-title] { color: #5a23bf; }
section[data-weixin-callout=warning] { border-left-color: #bf8700; background: #fdf8e8; }
section[data-weixin-callout=warning] p[data-weixin-callout-title] { color: #674500; }
section[data-weixin-callout=caution], section[data-weixin-callout=danger] { border-left-color: #d1242f; background: #fdf1f1; }
section[data-weixin-callout=caution] p[data-weixin-callout-title], section[data-weixin-callout=danger] p[data-weixin-callout-title] { color: #941a21; }
section[data-weixin-callout=theorem] { border-left-color: #0b7a75; background: #f0f8f7; border-top: 1px solid #cde7e5; border-right: 1px solid #cde7e5; border-bottom: 1px solid #cde7e5; }
section[data-weixin-callout=theorem] p[data-weixin-callout-title] { color: #085753; }
section[data-weixin-callout=definition] { border-left-color: #8250df; background: #f6f1fe; border-top: 1px solid #e4d8fb; border-right: 1px solid #e4d8fb; border-bottom: 1px solid #e4d8fb; }
section[data-weixin-callout=definition] p[data-weixin-callout-title] { color: #5a23bf; }
section[data-weixin-callout=proof], section[data-weixin-callout=remark], section[data-weixin-callout=example], section[data-weixin-callout=custom] { border-left-color: #8c959f; background: #f6f8fa; }
section[data-weixin-callout=proof] p[data-weixin-callout-title], section[data-weixin-callout=remark] p[data-weixin-callout-title], section[data-weixin-callout=example] p[data-weixin-callout-title], section[data-weixin-callout=custom] p[data-weixin-callout-title] { color: #464d55; }
section[data-weixin-callout=proof] p[data-weixin-callout-title] { font-style: italic; }
`;
