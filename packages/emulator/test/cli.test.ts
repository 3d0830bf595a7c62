// The published bin: built with tsc, started as a user starts it, answering over HTTP, closing on SIGTERM.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = path.resolve(fileURLToPath(import.meta.url), '../..');
const tsc = path.resolve(packageRoot, '../../node_modules/typescript/bin/tsc');
let child: ChildProcess | undefined;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [tsc, '-b', packageRoot]);
}, 120_000);
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function start(args: string[]): Promise<{ url: string; output: () => string }> {
  child = spawn(process.execPath, [path.join(packageRoot, 'bin/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) => {
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, output: () => output });
    });
    child!.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

describe('weixin-emulator CLI', () => {
  it('starts with --app, answers token calls, and closes on SIGTERM', async () => {
    const { url, output } = await start([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--app',
      'wx1111111111111111:s3cret',
      '--app',
      'wx2222222222222222:other',
    ]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = await fetch(
      `${url}/cgi-bin/token?grant_type=client_credential&appid=wx2222222222222222&secret=other`,
    ).then((r) => r.json());
    expect(token).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    const wrong = await fetch(
      `${url}/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=other`,
    ).then((r) => r.json());
    expect(wrong.errcode).toBe(40125);
    const page = await fetch(`${url}/__emulator/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/SIGTERM: closing/);
  });

  it('refuses a malformed --app', async () => {
    await expect(start(['--port', '0', '--app', 'no-secret'])).rejects.toThrow(/--app must be appid:secret/);
  });
});
