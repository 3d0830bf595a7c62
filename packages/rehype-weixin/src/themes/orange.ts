/** Lively orange: headings on a coloured band, warm quotes: for news and lifestyle accounts. */
export const orangeTheme = `
h1, h2, h3, h4, h5, h6 { font-weight: bold; color: #3d2b1f; line-height: 1.4; }
h1 { font-size: 22px; margin: 1.2em 0 .8em; }
h2 { display: table; font-size: 18px; margin: 1.8em auto 1em; padding: .25em 1em; color: #ffffff; background: #cb4e0a; border-radius: 6px; }
h3 { font-size: 17px; margin: 1.4em 0 .6em; padding-bottom: .2em; border-bottom: 2px solid #ffc9a3; }
h4, h5, h6 { font-size: 16px; margin: 1.2em 0 .6em; color: #b13b0b; }
p { margin: 0 0 1em; font-size: 16px; line-height: 1.8; color: #3f3f3f; letter-spacing: .02em; }
li, section[data-weixin-list-item] { font-size: 16px; line-height: 1.8; color: #3f3f3f; margin: .2em 0; }
ul, ol { margin: 0 0 1em; padding-left: .4em; }
section[data-weixin-list] { margin: .2em 0 0; }
li p, section[data-weixin-list-item] p { margin: 0; }
blockquote { margin: 0 0 1em; padding: .7em 1em; border-left: 4px solid #fd7e14; background: #fff4eb; color: #644732; border-radius: 0 8px 8px 0; }
blockquote p { color: #644732; margin: .3em 0; }
a { color: #882d09; }
strong { color: #882d09; }
hr { border: none; border-top: 2px dotted #ffc9a3; margin: 2em 0; }
img { display: block; margin: 1em auto; border-radius: 8px; }
pre[data-weixin-code] { margin: 0 0 1em; padding: 12px 14px; background: #1c1917; color: #fdf6f0; border: 1px solid #ffe3cc; border-radius: 8px; font-size: 13px; line-height: 1.6; }
code[data-weixin-block-code] { font-family: Menlo, Consolas, monospace; }
code[data-weixin-inline-code] { font-family: Menlo, Consolas, monospace; font-size: 14px; padding: .1em .35em; background: #fff0e3; color: #882e08; border-radius: 3px; }
section[data-weixin-table-wrap] { overflow-x: auto; margin: 0 0 1em; }
table { border-collapse: collapse; font-size: 14px; min-width: 100%; color: #3f3f3f; }
th { background: #be5702; color: #ffffff; font-weight: bold; }
th, td { border: 1px solid #ffd8b8; padding: 6px 10px; }
th a, th strong { color: #ffffff; }
section[data-weixin-math] { margin: 0 0 1em; color: #3d2b1f; }
span[data-weixin-was=kbd] { font-family: Menlo, monospace; font-size: 13px; padding: 0 .4em; border: 1px solid #ffd8b8; border-bottom-width: 2px; border-radius: 4px; background: #fff8f2; }
span[data-weixin-was=mark] { background: #ffe8a3; }
span[data-weixin-was=small] { font-size: 13px; }
span[data-weixin-was=ins], span[data-weixin-was=u] { text-decoration: underline; }
span[data-weixin-was=del] { text-decoration: line-through; color: #615850; }
section[data-weixin-footnotes], section[data-weixin-references] { margin-top: 2em; font-size: 14px; color: #65564b; }
section[data-weixin-footnotes] h3, section[data-weixin-references] h3 { font-size: 15px; color: #65564b; border-bottom: none; }
section[data-weixin-footnotes] li, section[data-weixin-footnotes] p, section[data-weixin-references] p { font-size: 14px; color: #65564b; margin: .2em 0; word-break: break-all; }
sup { font-size: 12px; color: #b33b0c; }
section[data-weixin-callout] { margin: 0 0 1em; padding: .6em 1em; border-left: 4px solid #1c7ed6; border-radius: 0 8px 8px 0; background: #eef6fd; }
section[data-weixin-callout] p { margin: .3em 0; font-size: 15px; line-height: 1.7; color: #3f3f3f; }
section[data-weixin-callout] ul, section[data-weixin-callout] ol { margin: .3em 0; }
section[data-weixin-callout] p[data-weixin-callout-title] { font-weight: bold; color: #114f87; }
section[data-weixin-callout=tip] { border-left-color: #2f9e44; background: #effaf1; }
section[data-weixin-callout=tip] p[data-weixin-callout-title] { color: #1b5727; }
section[data-weixin-callout=important] { border-left-color: #9c36b5; background: #f9f0fb; }
section[data-weixin-callout=important] p[data-weixin-callout-title] { color: #752888; }
section[data-weixin-callout=warning] { border-left-color: #f08c00; background: #fff8e6; }
section[data-weixin-callout=warning] p[data-weixin-callout-title] { color: #764000; }
section[data-weixin-callout=caution], section[data-weixin-callout=danger] { border-left-color: #e03131; background: #fff1f1; }
section[data-weixin-callout=caution] p[data-weixin-callout-title], section[data-weixin-callout=danger] p[data-weixin-callout-title] { color: #921f1f; }
section[data-weixin-callout=theorem] { border-left-color: #d9480f; background: #fff4e6; border-top: 1px solid #ffd8a8; border-right: 1px solid #ffd8a8; border-bottom: 1px solid #ffd8a8; }
section[data-weixin-callout=theorem] p[data-weixin-callout-title] { color: #8a2e0a; }
section[data-weixin-callout=definition] { border-left-color: #1c7ed6; background: #eef6fd; border-top: 1px solid #c5dcf3; border-right: 1px solid #c5dcf3; border-bottom: 1px solid #c5dcf3; }
section[data-weixin-callout=definition] p[data-weixin-callout-title] { color: #114e85; }
section[data-weixin-callout=proof], section[data-weixin-callout=remark], section[data-weixin-callout=example], section[data-weixin-callout=custom] { border-left-color: #adb5bd; background: #f8f9fa; }
section[data-weixin-callout=proof] p[data-weixin-callout-title], section[data-weixin-callout=remark] p[data-weixin-callout-title], section[data-weixin-callout=example] p[data-weixin-callout-title], section[data-weixin-callout=custom] p[data-weixin-callout-title] { color: #474d54; }
section[data-weixin-callout=proof] p[data-weixin-callout-title] { font-style: italic; }
`;
