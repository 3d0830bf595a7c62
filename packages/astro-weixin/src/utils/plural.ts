/** A count and its noun, the noun with an `s` unless there is one: `1 post`, `3 posts`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
