/** Black on white, greys for the rest, rules instead of boxes, more air: for text-first writing. */
export const minimalTheme = `
h1, h2, h3, h4, h5, h6 { font-weight: bold; color: #111111; line-height: 1.4; }
h1 { font-size: 22px; margin: 1.4em 0 .8em; }
h2 { font-size: 19px; margin: 2em 0 .8em; }
h3 { font-size: 17px; margin: 1.6em 0 .6em; }
h4, h5, h6 { font-size: 16px; margin: 1.4em 0 .6em; color: #444444; }
p { margin: 0 0 1.2em; font-size: 16px; line-height: 1.85; color: #222222; letter-spacing: .02em; }
li, section[data-weixin-list-item] { font-size: 16px; line-height: 1.85; color: #222222; margin: .25em 0; }
ul, ol { margin: 0 0 1.2em; padding-left: .4em; }
section[data-weixin-list] { margin: .2em 0 0; }
li p, section[data-weixin-list-item] p { margin: 0; }
blockquote { margin: 0 0 1.2em; padding: 0 0 0 1em; border-left: 2px solid #d4d4d4; color: #595959; }
blockquote p { color: #595959; margin: .3em 0; }
a { color: #111111; text-decoration: underline; }
strong { color: #000000; }
hr { border: none; border-top: 1px solid #e5e5e5; margin: 2.4em 30%; }
img { display: block; margin: 1.2em auto; }
pre[data-weixin-code] { margin: 0 0 1.2em; padding: 12px 14px; background: #161616; color: #f0f0f0; font-size: 13px; line-height: 1.6; }
code[data-weixin-block-code] { font-family: Menlo, Consolas, monospace; }
code[data-weixin-inline-code] { font-family: Menlo, Consolas, monospace; font-size: 14px; padding: .1em .3em; background: #f2f2f2; color: #222222; }
section[data-weixin-table-wrap] { overflow-x: auto; margin: 0 0 1.2em; }
table { border-collapse: collapse; font-size: 14px; min-width: 100%; color: #222222; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 6px 10px; text-align: left; }
th { font-weight: bold; border-bottom: 2px solid #222222; }
section[data-weixin-math] { margin: 0 0 1.2em; color: #111111; }
span[data-weixin-was=kbd] { font-family: Menlo, monospace; font-size: 13px; padding: 0 .4em; border: 1px solid #d4d4d4; border-radius: 3px; }
span[data-weixin-was=mark] { background: #f0f0f0; border-bottom: 2px solid #111111; }
span[data-weixin-was=small] { font-size: 13px; }
span[data-weixin-was=ins], span[data-weixin-was=u] { text-decoration: underline; }
span[data-weixin-was=del] { text-decoration: line-through; color: #595959; }
section[data-weixin-footnotes], section[data-weixin-references] { margin-top: 2.4em; font-size: 14px; color: #585858; }
section[data-weixin-footnotes] h3, section[data-weixin-references] h3 { font-size: 15px; color: #585858; }
section[data-weixin-footnotes] li, section[data-weixin-footnotes] p, section[data-weixin-references] p { font-size: 14px; color: #585858; margin: .2em 0; word-break: break-all; }
sup { font-size: 12px; color: #585858; }
section[data-weixin-callout] { margin: 0 0 1.2em; padding: .2em 0 .2em 1em; border-left: 2px solid #111111; }
section[data-weixin-callout] p { margin: .3em 0; font-size: 15px; line-height: 1.75; color: #333333; }
section[data-weixin-callout] ul, section[data-weixin-callout] ol { margin: .3em 0; }
section[data-weixin-callout] p[data-weixin-callout-title] { font-weight: bold; color: #111111; }
section[data-weixin-callout=tip] { border-left-color: #4d7c5a; }
section[data-weixin-callout=tip] p[data-weixin-callout-title] { color: #3d6a4a; }
section[data-weixin-callout=important] { border-left-color: #5b4a8a; }
section[data-weixin-callout=important] p[data-weixin-callout-title] { color: #433665; }
section[data-weixin-callout=warning] { border-left-color: #a66a00; }
section[data-weixin-callout=warning] p[data-weixin-callout-title] { color: #855500; }
section[data-weixin-callout=caution], section[data-weixin-callout=danger] { border-left-color: #b42318; }
section[data-weixin-callout=caution] p[data-weixin-callout-title], section[data-weixin-callout=danger] p[data-weixin-callout-title] { color: #901c13; }
section[data-weixin-callout=theorem] { border-left-color: #111111; background: #ffffff; border-top: 1px solid #dddddd; border-right: 1px solid #dddddd; border-bottom: 1px solid #dddddd; }
section[data-weixin-callout=theorem] p[data-weixin-callout-title] { color: #111111; }
section[data-weixin-callout=definition] { border-left-color: #555555; background: #fafafa; border-top: 1px dashed #cccccc; border-right: 1px dashed #cccccc; border-bottom: 1px dashed #cccccc; }
section[data-weixin-callout=definition] p[data-weixin-callout-title] { color: #333333; }
section[data-weixin-callout=proof], section[data-weixin-callout=remark], section[data-weixin-callout=example], section[data-weixin-callout=custom] { border-left-color: #888888; background: #ffffff; }
section[data-weixin-callout=proof] p[data-weixin-callout-title], section[data-weixin-callout=remark] p[data-weixin-callout-title], section[data-weixin-callout=example] p[data-weixin-callout-title], section[data-weixin-callout=custom] p[data-weixin-callout-title] { color: #444444; }
section[data-weixin-callout=proof] p[data-weixin-callout-title] { font-style: italic; }
`;
