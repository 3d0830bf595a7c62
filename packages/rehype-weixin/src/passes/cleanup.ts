import type { Root } from 'hast';
import { visit } from '../utils/visit.js';

export interface CleanupOptions {
  /** Keep class and id attributes (WeChat drops them; useful only for previews). */
  keepClassesAndIds?: boolean;
}

/** WeChat drops classes and ids; our own markers are only for the passes before. */
export default function rehypeWeixinCleanup(options: CleanupOptions = {}) {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      for (const name of Object.keys(node.properties)) {
        const ours = /^dataWeixin/.test(name) || /^dataFootnote/.test(name) || /^aria/.test(name);
        const dropped = !options.keepClassesAndIds && (name === 'className' || name === 'id');
        if (ours || dropped) delete node.properties[name];
      }
    });
  };
}
