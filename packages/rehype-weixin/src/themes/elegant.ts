/** Serif text in warm ink on paper, centred headings with a double rule: essays and long reads. */
export const elegantTheme = `
h1, h2, h3, h4, h5, h6 { font-weight: bold; color: #2b2622; line-height: 1.45; font-family: Georgia, Songti SC, STSong, serif; }
h1 { font-size: 22px; margin: 1.2em 0 .8em; text-align: center; }
h2 { font-size: 19px; margin: 1.8em 0 1em; padding-bottom: .4em; text-align: center; border-bottom: 3px double #cdbb9f; }
h3 { font-size: 17px; margin: 1.5em 0 .6em; color: #8c2f39; }
h4, h5, h6 { font-size: 16px; margin: 1.2em 0 .6em; }
p { margin: 0 0 1.1em; font-size: 16px; line-height: 1.9; color: #3a3430; letter-spacing: .03em; text-align: justify; font-family: Georgia, Songti SC, STSong, serif; }
li, section[data-weixin-list-item] { font-size: 16px; line-height: 1.9; color: #3a3430; margin: .2em 0; font-family: Georgia, Songti SC, STSong, serif; }
ul, ol { margin: 0 0 1.1em; padding-left: .4em; }
section[data-weixin-list] { margin: .2em 0 0; }
li p, section[data-weixin-list-item] p { margin: 0; }
blockquote { margin: 0 0 1.1em; padding: .6em 1.1em; border-left: 3px solid #cdbb9f; background: #faf6ef; color: #564c40; }
blockquote p { color: #564c40; margin: .3em 0; }
a { color: #752730; }
strong { color: #752730; }
hr { border: none; border-top: 1px solid #e3d8c6; margin: 2.2em 4em; }
img { display: block; margin: 1.2em auto; }
pre[data-weixin-code] { margin: 0 0 1.1em; padding: 12px 14px; background: #24201c; color: #f3ede4; border: 1px solid #ece2d2; border-radius: 4px; font-size: 13px; line-height: 1.6; }
code[data-weixin-block-code] { font-family: Menlo, Consolas, monospace; }
code[data-weixin-inline-code] { font-family: Menlo, Consolas, monospace; font-size: 14px; padding: .1em .35em; background: #f5eee3; color: #882e37; border-radius: 3px; }
section[data-weixin-table-wrap] { overflow-x: auto; margin: 0 0 1.1em; }
table { border-collapse: collapse; font-size: 14px; min-width: 100%; color: #3a3430; }
th { background: #f5eee3; font-weight: bold; }
th, td { border: 1px solid #e3d8c6; padding: 6px 10px; }
section[data-weixin-math] { margin: 0 0 1.1em; color: #2b2622; }
span[data-weixin-was=kbd] { font-family: Menlo, monospace; font-size: 13px; padding: 0 .4em; border: 1px solid #e3d8c6; border-bottom-width: 2px; border-radius: 4px; background: #faf6ef; }
span[data-weixin-was=mark] { background: #f8e6b8; }
span[data-weixin-was=small] { font-size: 13px; }
span[data-weixin-was=ins], span[data-weixin-was=u] { text-decoration: underline; }
span[data-weixin-was=del] { text-decoration: line-through; color: #5f574e; }
section[data-weixin-footnotes], section[data-weixin-references] { margin-top: 2.2em; font-size: 14px; color: #61574e; }
section[data-weixin-footnotes] h3, section[data-weixin-references] h3 { font-size: 15px; color: #61574e; text-align: center; }
section[data-weixin-footnotes] li, section[data-weixin-footnotes] p, section[data-weixin-references] p { font-size: 14px; color: #61574e; margin: .2em 0; word-break: break-all; }
sup { font-size: 12px; color: #752730; }
section[data-weixin-callout] { margin: 0 0 1.1em; padding: .6em 1em; border-left: 3px solid #5b7083; background: #f4f6f8; }
section[data-weixin-callout] p { margin: .3em 0; font-size: 15px; line-height: 1.8; color: #3a3430; }
section[data-weixin-callout] ul, section[data-weixin-callout] ol { margin: .3em 0; }
section[data-weixin-callout] p[data-weixin-callout-title] { font-weight: bold; color: #394e61; }
section[data-weixin-callout=tip] { border-left-color: #4f7a4a; background: #f3f7f1; }
section[data-weixin-callout=tip] p[data-weixin-callout-title] { color: #33562f; }
section[data-weixin-callout=important] { border-left-color: #6f4f8a; background: #f6f2f9; }
section[data-weixin-callout=important] p[data-weixin-callout-title] { color: #5d4273; }
section[data-weixin-callout=warning] { border-left-color: #b0822c; background: #fbf6ea; }
section[data-weixin-callout=warning] p[data-weixin-callout-title] { color: #634811; }
section[data-weixin-callout=caution], section[data-weixin-callout=danger] { border-left-color: #8c2f39; background: #fbf1f1; }
section[data-weixin-callout=caution] p[data-weixin-callout-title], section[data-weixin-callout=danger] p[data-weixin-callout-title] { color: #882e37; }
section[data-weixin-callout=theorem] { border-left-color: #8c2f39; background: #fbf4f2; border-top: 1px solid #ead3cf; border-right: 1px solid #ead3cf; border-bottom: 1px solid #ead3cf; }
section[data-weixin-callout=theorem] p[data-weixin-callout-title] { color: #772830; }
section[data-weixin-callout=definition] { border-left-color: #5b7083; background: #f4f6f8; border-top: 1px solid #d9e0e6; border-right: 1px solid #d9e0e6; border-bottom: 1px solid #d9e0e6; }
section[data-weixin-callout=definition] p[data-weixin-callout-title] { color: #3f4d5a; }
section[data-weixin-callout=proof], section[data-weixin-callout=remark], section[data-weixin-callout=example], section[data-weixin-callout=custom] { border-left-color: #b5a48c; background: #faf6ef; }
section[data-weixin-callout=proof] p[data-weixin-callout-title], section[data-weixin-callout=remark] p[data-weixin-callout-title], section[data-weixin-callout=example] p[data-weixin-callout-title], section[data-weixin-callout=custom] p[data-weixin-callout-title] { color: #554b3f; }
section[data-weixin-callout=proof] p[data-weixin-callout-title] { font-style: italic; }
`;
