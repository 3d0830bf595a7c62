import type sharpModule from 'sharp';

/**
 * sharp, imported on first use: a rebuild whose images are all known from earlier builds converts
 * nothing and should not pay for loading libvips.
 */
export function loadSharp(): Promise<typeof sharpModule> {
  return import('sharp').then((loaded) => loaded.default);
}
