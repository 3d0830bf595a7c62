/** Printable ASCII only: one column per character. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * Rows as aligned columns, the first row a header; CJK characters take two columns in a terminal.
 * string-width is loaded only for a table that has such characters (it costs ~30 ms to load).
 */
export async function table(rows: string[][]): Promise<string> {
  const plain = rows.every((row) => row.every((cell) => PLAIN.test(cell)));
  const stringWidth = plain ? (text: string) => text.length : (await import('string-width')).default;
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => stringWidth(row[column] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - stringWidth(cell)))
      .join('  ')
      .trimEnd();
  return ['', line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
