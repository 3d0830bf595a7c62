// The whole pipeline over outside material (issue 24): no throw, and output the WeChat editor keeps.
import { describe, expect, it } from 'vitest';
import { conformanceViolations } from '../../rehype-weixin/test/helpers/conformance.js';
import { createWeixinProcessor } from '../src/processor.js';
import {
  commonmarkExamples,
  gfmExamples,
  packageMarkdown,
  projectPosts,
  sample,
  seededRandom,
} from './corpus/index.js';

describe('the pipeline over the corpus, with one shared processor', () => {
  it('never throws, and every article passes the editor conformance checks', async () => {
    const processor = createWeixinProcessor();
    const examples = sample(commonmarkExamples(), 200, seededRandom(11));
    const documents = [...projectPosts(), ...packageMarkdown(30, 11), ...gfmExamples(), ...examples];
    const crashes: string[] = [];
    const problems: string[] = [];
    for (const document of documents) {
      try {
        const article = await processor.process(document.markdown, { path: document.name });
        for (const violation of conformanceViolations(article.html))
          problems.push(`${document.name}: ${violation.rule} at ${violation.where}`);
      } catch (error) {
        crashes.push(`${document.name}: ${String(error)}`);
      }
    }
    expect(documents.length).toBeGreaterThan(250);
    expect(crashes).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
