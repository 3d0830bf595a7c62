// The main job: start the WeChat API emulator, build this blog against it with publishing on,
// then show what was published and where to look at it.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@astro-weixin/emulator';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const app = { appid: 'wxd0e1a2b3c4d5e6f7', secret: 'demo-secret-0123456789abcdef0123' };
const port = Number(process.env.PORT ?? 8787);
// A service account's monthly mass sends, so every message of the playground can go out.
const limits = { publishDelayMs: 300 };
const emulator = await startEmulator({ port, apps: [app], limits }).catch(() =>
  startEmulator({ port: 0, apps: [app], limits }),
);
console.log(`\nWeChat API emulator listening on ${emulator.url}\n`);

// Each demo run starts a fresh emulator, so it keeps its lockfile apart from the project's own.
const lockDir = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-demo-'));
const env = {
  ...process.env,
  WEIXIN_APPID: app.appid,
  WEIXIN_APPSECRET: app.secret,
  WEIXIN_API_BASE: emulator.url,
  WEIXIN_PUBLISH: '1',
  // Deliver: publish each new draft (freepublish), exactly once.
  WEIXIN_DELIVER: 'publish',
  WEIXIN_LOCKFILE: path.join(lockDir, 'weixin.lock.json'),
};
const astro = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [astro, 'build'], { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (exitCode) => resolve(exitCode ?? 1));
});
if (code !== 0) {
  await emulator.close();
  console.error('\nThe build failed; see the messages above.');
  process.exit(code);
}

const state = emulator.state();
console.log('\nDrafts published:');
for (const publish of state.publishes) {
  console.log(`  publish_id ${publish.publish_id} (status ${publish.publish_status ?? 'publishing'})`);
  for (const [index, article] of publish.articles.entries())
    console.log(`    ${index + 1}. ${article.title}${article.article_type === 'newspic' ? ' (image post)' : ''}`);
}
console.log(`\nSee them as a phone shows them: ${emulator.url}/__emulator/`);
console.log(`Lockfile of this run: ${env.WEIXIN_LOCKFILE}`);

if (process.stdout.isTTY && !process.env.CI && !process.argv.includes('--exit')) {
  console.log('\nThe emulator keeps running so you can open the page; press Ctrl-C to stop.');
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  await emulator.close();
}
