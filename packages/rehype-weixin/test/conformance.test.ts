// The conformance checker itself: each rule of what the WeChat editor keeps is found where it is broken.
import { describe, expect, it } from 'vitest';
import { conformanceViolations } from './helpers/conformance.js';

describe('conformanceViolations', () => {
  it('finds nothing in HTML the editor keeps', () => {
    const html =
      '<ul style="list-style-type:none"><li style="display:block">a</li></ul><img src="x" style="max-width:100%;height:auto"><pre><code style="display:-webkit-box;overflow-x:auto;white-space:nowrap">x</code></pre><svg viewBox="0 0 1 1"><rect width="1" height="1"></rect></svg>';
    expect(conformanceViolations(html)).toEqual([]);
  });

  it('names each rule broken, with the element at fault', () => {
    const html = [
      '<ol start="3"><li>a<ul style="list-style-type:none"><li>b</li></ul></li></ol>',
      '<img src="x" width="10">',
      '<pre style="overflow:auto"><code>x</code></pre>',
      '<svg id="a"><defs></defs></svg>',
      '<p style="position:fixed;color:red;background:url(javascript:alert(1))">x</p>',
    ].join('');
    expect(conformanceViolations(html).map((violation) => violation.rule)).toEqual([
      'a list whose markers the editor would draw again',
      'a `start` attribute, which the editor drops',
      'a list inside a list item, which the editor flattens',
      'image sizes as attributes, which the editor drops',
      'an image that may overflow the phone',
      'a scrolling <pre>, which the editor does not keep',
      'code that does not scroll sideways',
      'an id or class in SVG, which the editor strips',
      'SVG that needs what the editor strips',
      'a style the editor rejects: the editor keeps only `static` and `relative` positions',
      'a style the editor rejects: the editor removes script in styles',
    ]);
  });
});
