/**
 * The callout kinds, each a look the themes give: GFM alerts' five, the containers Starlight and
 * VitePress use, doocs/md's academic families, and `custom` for a box under a name of the author's.
 * Every name that maps onto them is below.
 */
export type CalloutKind =
  | 'note'
  | 'tip'
  | 'important'
  | 'warning'
  | 'caution'
  | 'info'
  | 'danger'
  | 'theorem'
  | 'definition'
  | 'proof'
  | 'remark'
  | 'example'
  | 'custom';

/** What a container or alert name stands for: the kind of box the theme draws, and its title. */
export interface CalloutEnvironment {
  kind: CalloutKind;
  title: string;
}

/**
 * Every name we know for a box: GFM's alerts, Starlight's and VitePress's containers, Obsidian's
 * callouts, and doocs/md's academic environments (theorem, lemma, corollary, proposition,
 * definition, axiom, postulate, assumption, proof, remark, example), each also by its Chinese
 * name. The kind decides the look (one per family); the title is what the box says.
 */
const NAMES: Record<string, [kind: CalloutKind, title: string]> = {
  note: ['note', '说明'],
  tip: ['tip', '提示'],
  hint: ['tip', '提示'],
  important: ['important', '重要'],
  warning: ['warning', '警告'],
  attention: ['warning', '注意'],
  caution: ['caution', '小心'],
  info: ['info', '信息'],
  danger: ['danger', '危险'],
  // Obsidian's callouts, folded onto the alert kinds.
  abstract: ['info', '摘要'],
  summary: ['info', '总结'],
  tldr: ['info', '太长不看'],
  todo: ['note', '待办'],
  success: ['tip', '成功'],
  check: ['tip', '成功'],
  done: ['tip', '完成'],
  question: ['info', '问题'],
  help: ['info', '帮助'],
  faq: ['info', '常见问题'],
  failure: ['danger', '失败'],
  fail: ['danger', '失败'],
  missing: ['danger', '缺失'],
  error: ['danger', '错误'],
  bug: ['danger', '缺陷'],
  quote: ['note', '引用'],
  cite: ['note', '引用'],
  // doocs/md's academic environments.
  theorem: ['theorem', '定理'],
  lemma: ['theorem', '引理'],
  corollary: ['theorem', '推论'],
  proposition: ['theorem', '命题'],
  definition: ['definition', '定义'],
  axiom: ['definition', '公理'],
  postulate: ['definition', '公设'],
  assumption: ['definition', '假设'],
  proof: ['proof', '证明'],
  remark: ['remark', '注'],
  example: ['example', '例'],
  定理: ['theorem', '定理'],
  引理: ['theorem', '引理'],
  推论: ['theorem', '推论'],
  命题: ['theorem', '命题'],
  定义: ['definition', '定义'],
  公理: ['definition', '公理'],
  公设: ['definition', '公设'],
  假设: ['definition', '假设'],
  证明: ['proof', '证明'],
  注: ['remark', '注'],
  注记: ['remark', '注'],
  备注: ['remark', '备注'],
  例: ['example', '例'],
  例子: ['example', '例'],
  示例: ['example', '示例'],
  提示: ['tip', '提示'],
  注意: ['warning', '注意'],
  警告: ['warning', '警告'],
  危险: ['danger', '危险'],
  信息: ['info', '信息'],
  说明: ['note', '说明'],
  重要: ['important', '重要'],
};

/** The box a name stands for (any case), or undefined for a name we do not know. */
export function calloutEnvironment(name: string): CalloutEnvironment | undefined {
  const known = Object.hasOwn(NAMES, name.toLowerCase()) ? NAMES[name.toLowerCase()] : undefined;
  return known ? { kind: known[0], title: known[1] } : undefined;
}

/** Every name `calloutEnvironment` knows, for messages that say what to write instead. */
export const calloutNames: readonly string[] = Object.keys(NAMES);
