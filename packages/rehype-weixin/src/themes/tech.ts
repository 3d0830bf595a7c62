/** Blue accents, headings with a bar, dark code blocks (with shiki's github-dark): for engineering posts. */
export const techTheme = `
h1, h2, h3, h4, h5, h6 { font-weight: bold; color: #0f172a; line-height: 1.4; }
h1 { font-size: 22px; margin: 1.2em 0 .8em; }
h2 { font-size: 19px; margin: 1.6em 0 .8em; padding-left: 10px; border-left: 4px solid #2563eb; }
h3 { font-size: 17px; margin: 1.4em 0 .6em; color: #1d4ed8; }
h4, h5, h6 { font-size: 16px; margin: 1.2em 0 .6em; }
p { margin: 0 0 1em; font-size: 16px; line-height: 1.75; color: #1e293b; letter-spacing: .02em; }
li, section[data-weixin-list-item] { font-size: 16px; line-height: 1.75; color: #1e293b; margin: .2em 0; }
ul, ol { margin: 0 0 1em; padding-left: .4em; }
section[data-weixin-list] { margin: .2em 0 0; }
li p, section[data-weixin-list-item] p { margin: 0; }
blockquote { margin: 0 0 1em; padding: .6em 1em; border-left: 4px solid #93c5fd; background: #f1f5fb; color: #414e60; border-radius: 0 6px 6px 0; }
blockquote p { color: #414e60; margin: .3em 0; }
a { color: #0b2e79; }
strong { color: #0f172a; }
hr { border: none; border-top: 1px dashed #cbd5e1; margin: 2em 0; }
img { display: block; margin: 1em auto; border-radius: 6px; }
pre[data-weixin-code] { margin: 0 0 1em; padding: 14px 16px; background: #0d1117; color: #e6edf3; border-radius: 8px; font-size: 13px; line-height: 1.65; }
code[data-weixin-block-code] { font-family: JetBrains Mono, Fira Code, Menlo, Consolas, monospace; color: #e6edf3; }
code[data-weixin-inline-code] { font-family: JetBrains Mono, Menlo, Consolas, monospace; font-size: 14px; padding: .1em .4em; background: #eff6ff; color: #1841b4; border-radius: 4px; }
section[data-weixin-table-wrap] { overflow-x: auto; margin: 0 0 1em; }
table { border-collapse: collapse; font-size: 14px; min-width: 100%; color: #1e293b; }
th { background: #eff6ff; font-weight: bold; color: #1e3a8a; }
th, td { border: 1px solid #cbd5e1; padding: 6px 10px; }
section[data-weixin-math] { margin: 0 0 1em; color: #0f172a; }
span[data-weixin-was=kbd] { font-family: Menlo, monospace; font-size: 13px; padding: 0 .4em; border: 1px solid #cbd5e1; border-bottom-width: 2px; border-radius: 4px; background: #f8fafc; }
span[data-weixin-was=mark] { background: #fef08a; }
span[data-weixin-was=small] { font-size: 13px; }
span[data-weixin-was=ins], span[data-weixin-was=u] { text-decoration: underline; }
span[data-weixin-was=del] { text-decoration: line-through; color: #4b5b72; }
section[data-weixin-footnotes], section[data-weixin-references] { margin-top: 2em; font-size: 14px; color: #4f5b6d; }
section[data-weixin-footnotes] h3, section[data-weixin-references] h3 { font-size: 15px; color: #4f5b6d; }
section[data-weixin-footnotes] li, section[data-weixin-footnotes] p, section[data-weixin-references] p { font-size: 14px; color: #4f5b6d; margin: .2em 0; word-break: break-all; }
sup { font-size: 12px; color: #0d3489; }
section[data-weixin-callout] { margin: 0 0 1em; padding: .6em 1em; border-left: 4px solid #2563eb; border-radius: 0 6px 6px 0; background: #eff6ff; }
section[data-weixin-callout] p { margin: .3em 0; font-size: 15px; line-height: 1.7; color: #1e293b; }
section[data-weixin-callout] ul, section[data-weixin-callout] ol { margin: .3em 0; }
section[data-weixin-callout] p[data-weixin-callout-title] { font-weight: bold; color: #1841b4; }
section[data-weixin-callout=tip] { border-left-color: #16a34a; background: #f0fdf4; }
section[data-weixin-callout=tip] p[data-weixin-callout-title] { color: #0f592a; }
section[data-weixin-callout=important] { border-left-color: #7c3aed; background: #f5f3ff; }
section[data-weixin-callout=important] p[data-weixin-callout-title] { color: #6022c0; }
section[data-weixin-callout=warning] { border-left-color: #d97706; background: #fffbeb; }
section[data-weixin-callout=warning] p[data-weixin-callout-title] { color: #aa4f09; }
section[data-weixin-callout=caution], section[data-weixin-callout=danger] { border-left-color: #dc2626; background: #fef2f2; }
section[data-weixin-callout=caution] p[data-weixin-callout-title], section[data-weixin-callout=danger] p[data-weixin-callout-title] { color: #961717; }
section[data-weixin-callout=theorem] { border-left-color: #2563eb; background: #eff6ff; border-top: 1px solid #c7d8fb; border-right: 1px solid #c7d8fb; border-bottom: 1px solid #c7d8fb; }
section[data-weixin-callout=theorem] p[data-weixin-callout-title] { color: #0c3387; }
section[data-weixin-callout=definition] { border-left-color: #7c3aed; background: #f5f3ff; border-top: 1px solid #ddd6fe; border-right: 1px solid #ddd6fe; border-bottom: 1px solid #ddd6fe; }
section[data-weixin-callout=definition] p[data-weixin-callout-title] { color: #6022c0; }
section[data-weixin-callout=proof], section[data-weixin-callout=remark], section[data-weixin-callout=example], section[data-weixin-callout=custom] { border-left-color: #94a3b8; background: #f8fafc; }
section[data-weixin-callout=proof] p[data-weixin-callout-title], section[data-weixin-callout=remark] p[data-weixin-callout-title], section[data-weixin-callout=example] p[data-weixin-callout-title], section[data-weixin-callout=custom] p[data-weixin-callout-title] { color: #414e60; }
section[data-weixin-callout=proof] p[data-weixin-callout-title] { font-style: italic; }
`;
