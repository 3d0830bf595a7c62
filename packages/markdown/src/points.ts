import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';

type Position = NonNullable<Root['position']>;
type Point = Position['start'];

/**
 * A node's position from the line and column a plugin worked out, with the offsets too: rehype-raw
 * hands positions to parse5, which needs them (and a message's place reads the same either way).
 */
export function positionIn(file: VFile, start: Omit<Point, 'offset'>, end: Omit<Point, 'offset'> = start): Position {
  const places = location(file);
  const withOffset = (point: Omit<Point, 'offset'>): Point => {
    const offset = places.toOffset(point);
    return offset === undefined ? point : { ...point, offset };
  };
  return { start: withOffset(start), end: withOffset(end) };
}
