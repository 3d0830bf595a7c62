import type { Element } from 'hast';
import { type AstRule, createParser } from 'css-selector-parser';
import { find, html, svg } from 'property-information';

/** Whether an element, whose ancestors are given root first, matches a selector. */
type ElementTest = (element: Element, ancestors: readonly Element[]) => boolean;

/** A selector made ready to test elements one by one, during a single walk of the tree. */
export interface CompiledSelector {
  /** The tag the element itself must have, so rules can be looked up by tag; undefined for any tag. */
  tagName: string | undefined;
  test: ElementTest;
}

interface Compound {
  tagName: string | undefined;
  attributes: { property: string; attribute: string; value: string | undefined }[];
  /** How this compound relates to the one before it: `>` for a parent, undefined for any ancestor. */
  combinator: '>' | undefined;
}

// The same parser and syntax as hast-util-select, so a selector means the same on both paths.
const parse = createParser({ syntax: 'selectors-4' });

/**
 * Compiles the selectors themes are made of -- tags, `*`, `[data-*]` and `[data-*=value]`, joined
 * by descendant or child combinators -- matching exactly as hast-util-select does. Returns
 * undefined for anything else (classes, pseudo-classes, siblings…), which is left to hast-util-select.
 */
export function compileSelector(selector: string): CompiledSelector | undefined {
  let rules: AstRule[];
  try {
    rules = parse(selector).rules;
  } catch {
    return undefined;
  }
  if (rules.length !== 1) return undefined;
  const compounds: Compound[] = [];
  for (let rule: AstRule | undefined = rules[0]; rule; rule = rule.nestedRule) {
    const compound = compileCompound(rule, compounds.length === 0);
    if (!compound) return undefined;
    compounds.push(compound);
  }
  const last = compounds.length - 1;
  return {
    tagName: compounds[last]?.tagName,
    test: (element, ancestors) => matchFrom(compounds, last, element, ancestors, ancestors.length),
  };
}

function compileCompound(rule: AstRule, first: boolean): Compound | undefined {
  const combinator = first ? undefined : rule.combinator;
  if (combinator !== undefined && combinator !== '>') return undefined;
  const compound: Compound = { tagName: undefined, attributes: [], combinator };
  for (const item of rule.items) {
    if (item.type === 'TagName' && !item.namespace) compound.tagName = item.name;
    else if (item.type === 'WildcardTag' && !item.namespace) continue;
    else if (item.type === 'Attribute') {
      const attribute = compileAttribute(item.name, item.operator, item.value, item.caseSensitivityModifier);
      if (!attribute || item.namespace) return undefined;
      compound.attributes.push(attribute);
    } else return undefined;
  }
  return compound;
}

function compileAttribute(
  name: string,
  operator: string | undefined,
  value: { type: string; value?: string } | undefined,
  modifier: string | undefined,
): Compound['attributes'][number] | undefined {
  const info = find(html, name);
  const inSvg = find(svg, name);
  // Only attributes read alike in HTML and SVG, and whose value is plain text (data-* and the like).
  if (info.property !== inSvg.property || info.attribute !== inSvg.attribute) return undefined;
  if (info.commaSeparated || inSvg.commaSeparated || info.boolean || info.overloadedBoolean) return undefined;
  if (modifier !== undefined) return undefined;
  if (!value)
    return operator === undefined
      ? { property: info.property, attribute: info.attribute, value: undefined }
      : undefined;
  if (operator !== '=' || value.type !== 'String' || value.value === undefined) return undefined;
  return { property: info.property, attribute: info.attribute, value: value.value };
}

/** Matches `compounds[0..index]` with `element` as the subject, `depth` being its number of ancestors. */
function matchFrom(
  compounds: readonly Compound[],
  index: number,
  element: Element,
  ancestors: readonly Element[],
  depth: number,
): boolean {
  const compound = compounds[index];
  if (!compound || !matchCompound(compound, element)) return false;
  if (index === 0) return true;
  if (compound.combinator === '>') {
    const parent = ancestors[depth - 1];
    return parent !== undefined && matchFrom(compounds, index - 1, parent, ancestors, depth - 1);
  }
  for (let above = depth - 1; above >= 0; above -= 1) {
    const ancestor = ancestors[above];
    if (ancestor && matchFrom(compounds, index - 1, ancestor, ancestors, above)) return true;
  }
  return false;
}

function matchCompound(compound: Compound, element: Element): boolean {
  if (compound.tagName !== undefined && compound.tagName !== element.tagName) return false;
  for (const attribute of compound.attributes) {
    const value = attributeValue(element.properties[attribute.property], attribute.attribute);
    if (value === undefined) return false;
    if (attribute.value !== undefined && attribute.value !== value) return false;
  }
  return true;
}

/** An attribute's value as hast-util-select reads it: `true` as its name, lists joined by spaces. */
function attributeValue(value: unknown, name: string): string | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  if (value === true) return name;
  if (Array.isArray(value)) return value.length > 0 ? value.join(' ').trim() : undefined;
  return String(value);
}
