// Every package we publish must have a name that is free on the npm registry, or already ours:
// a user who installs it must get our code, not someone else's. Asks the registry through npm itself.
import { execFile } from 'node:child_process';
import { glob, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = JSON.parse(await readFile('package.json', 'utf8'));
const ours = normalise(root.repository?.url ?? root.repository);

let taken = 0;
let unknown = 0;
for await (const manifestPath of glob('packages/*/package.json')) {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  if (manifest.private) continue;
  const verdict = await lookUp(manifest.name);
  if (verdict.state === 'free') console.log(`  ${manifest.name}: free`);
  else if (verdict.state === 'unknown') {
    unknown += 1;
    console.log(`  ${manifest.name}: could not ask the registry (${verdict.reason})`);
  } else if (ours && normalise(verdict.repository) === ours) console.log(`  ${manifest.name}: ours`);
  else {
    taken += 1;
    console.error(
      `  ${manifest.name}: taken by someone else (${verdict.repository || 'no repository given'}); rename it (${manifestPath})`,
    );
  }
}
if (taken > 0) {
  console.error(`${taken} package name${taken === 1 ? ' is' : 's are'} not ours on the registry.`);
  process.exit(1);
}
console.log(unknown > 0 ? 'Package names: not all could be checked (see above).' : 'Package names: all free or ours.');

async function lookUp(name) {
  try {
    const { stdout } = await run('npm', ['view', name, 'repository.url', '--json'], { timeout: 60_000 });
    return { state: 'taken', repository: stdout.trim() ? JSON.parse(stdout) : '' };
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (/E404|404 Not Found/.test(output)) return { state: 'free' };
    return { state: 'unknown', reason: output.split('\n').find((line) => line.includes('ERR')) ?? error.message };
  }
}

function normalise(url) {
  return typeof url === 'string'
    ? url
        .replace(/^git\+/, '')
        .replace(/\.git$/, '')
        .toLowerCase()
    : '';
}
