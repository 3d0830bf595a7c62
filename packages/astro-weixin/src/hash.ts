import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short hashes name files and keys; 16 hex characters are plenty for one blog. */
export function shortHash(data: Uint8Array | string): string {
  return sha256(data).slice(0, 16);
}
