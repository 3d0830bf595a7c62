import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Store } from './store.js';

/** Loads `stateFile` into the store if it exists, and returns the function that saves it. */
export function persist(store: Store, stateFile: string | undefined): () => void {
  if (!stateFile) return () => {};
  if (existsSync(stateFile)) store.load(JSON.parse(readFileSync(stateFile, 'utf8')));
  return () => {
    // Write then rename, so a kill mid-write never leaves a half file.
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(store));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
}
