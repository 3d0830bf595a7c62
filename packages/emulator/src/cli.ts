import { parseArgs } from 'node:util';
import { DEFAULT_APP, startEmulator } from './server.js';
import type { App } from './store.js';

const HELP = `weixin-emulator: a local stand-in for api.weixin.qq.com

  --port <n>          port (default 8787; 0 picks a free one)
  --host <addr>       address to listen on (default 127.0.0.1)
  --app <appid:secret>  an account that may get tokens; repeatable (default ${DEFAULT_APP.appid}:${DEFAULT_APP.secret})
  --whitelist <ip>    only this IP may get tokens; repeatable (default: any)
  --state-file <path> keep uploads and tokens in this file across restarts
  --public-url <url>  origin to write into issued image URLs
  --help
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    app: { type: 'string', multiple: true },
    whitelist: { type: 'string', multiple: true },
    'state-file': { type: 'string' },
    'public-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const apps: App[] = (values.app ?? []).map((pair) => {
  const at = pair.indexOf(':');
  if (at <= 0 || at === pair.length - 1) {
    process.stderr.write(`--app must be appid:secret, got ${JSON.stringify(pair)}\n`);
    process.exit(2);
  }
  return { appid: pair.slice(0, at), secret: pair.slice(at + 1) };
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be 0..65535, got ${values.port}\n`);
  process.exit(2);
}

const emulator = await startEmulator({
  port,
  host: values.host,
  apps,
  ...(values.whitelist ? { whitelist: values.whitelist } : {}),
  ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
});
const accounts = apps.length
  ? apps.map((a) => a.appid).join(', ')
  : `${DEFAULT_APP.appid} (secret ${DEFAULT_APP.secret})`;
process.stdout.write(
  `weixin-emulator listening on ${emulator.url}\n  accounts: ${accounts}\n  page: ${emulator.url}/__emulator/\n`,
);

let closing = false;
const stop = (signal: string) => {
  if (closing) return;
  closing = true;
  process.stdout.write(`\n${signal}: closing\n`);
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
