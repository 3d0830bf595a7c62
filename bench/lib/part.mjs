// One part of the benchmark in a process of its own: `node bench/lib/part.mjs <part.mjs> <function> <results.json>`.
import { writeFile } from 'node:fs/promises';
import { allResults } from './report.mjs';

const [file, name, resultsFile] = process.argv.slice(2);
const part = await import(new URL(`../${file}`, import.meta.url).href);
await part[name]();
await writeFile(resultsFile, JSON.stringify(allResults()));
