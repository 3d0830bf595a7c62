// Lines logged while Astro builds its pages come out afterwards, in order, under their labels.
import { describe, expect, it } from 'vitest';
import { DeferredLogger } from '../src/integration/deferred-logger.js';
import type { Logger } from '../src/utils/logger.js';

function recording(lines: string[], label = 'root'): Logger {
  return {
    info: (m) => lines.push(`${label} info ${m}`),
    warn: (m) => lines.push(`${label} warn ${m}`),
    error: (m) => lines.push(`${label} error ${m}`),
    debug: (m) => lines.push(`${label} debug ${m}`),
    fork: (child) => recording(lines, child),
  };
}

describe('DeferredLogger', () => {
  it('says nothing until replayed, then everything in order, each line through its fork', () => {
    const deferred = DeferredLogger.create();
    const upload = deferred.fork('astro-weixin:upload');
    deferred.info('first');
    upload.warn('second');
    deferred.error('third');
    upload.debug('fourth');
    const lines: string[] = [];
    expect(lines).toEqual([]);
    deferred.replay(recording(lines));
    expect(lines).toEqual([
      'root info first',
      'astro-weixin:upload warn second',
      'root error third',
      'astro-weixin:upload debug fourth',
    ]);
    // Replayed lines are forgotten: a second replay says nothing again.
    deferred.replay(recording(lines));
    expect(lines).toHaveLength(4);
  });
});
