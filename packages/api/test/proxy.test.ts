import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvHttpProxyAgent, ProxyAgent } from 'undici';
import { chooseRoute } from '../src/proxy.js';
import { callsTo, clientFor, pictures, start } from './helpers/emulator.js';

/**
 * A forwarding proxy that only reaches 127.0.0.1 (undici forwards http:// targets rather than
 * tunnelling them). Records `authorization host` for each request.
 */
async function startProxy() {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    tunnels.push(`${req.headers['proxy-authorization'] ?? ''} ${target.host}`.trim());
    if (target.hostname !== '127.0.0.1') {
      res.writeHead(403).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: target.pathname + target.search, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('proxy', () => {
  let api: Emulator;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  beforeEach(async () => {
    api = await start();
    proxy = await startProxy();
  });
  afterEach(async () => {
    await proxy.close();
    await api.close();
  });

  it('the proxy option carries every call, token and upload included', async () => {
    const client = clientFor(api, { proxy: proxy.url });
    expect(client.routeDescription).toBe(`via proxy ${proxy.url}`);
    const { image } = await pictures();
    await expect(client.uploadImage(image)).resolves.toHaveProperty('url');
    const target = new URL(api.url).host;
    expect(proxy.tunnels).toEqual([target, target]);
    expect(callsTo(api, 'stable_token')).toHaveLength(1);
    // The emulator accepted the upload: the file arrived in the field `media`.
    expect(callsTo(api, 'media/uploadimg').map((r) => r.errcode)).toEqual([0]);
  });

  it('proxy credentials are sent to the proxy', async () => {
    const withAuth = proxy.url.replace('http://', 'http://ci:pass@');
    await clientFor(api, { proxy: withAuth }).getAccessToken();
    expect(proxy.tunnels[0]).toBe(`Basic ${Buffer.from('ci:pass').toString('base64')} ${new URL(api.url).host}`);
  });
});

describe('chooseRoute', () => {
  it('goes direct when no proxy is set', () => {
    const route = chooseRoute('https://api.weixin.qq.com', undefined, {});
    expect(route.dispatcher).toBeUndefined();
    expect(route.description).toBe('direct');
  });

  it('an explicit proxy wins over the environment', () => {
    const route = chooseRoute('https://api.weixin.qq.com', 'http://10.0.0.1:3128', { HTTPS_PROXY: 'http://other:1' });
    expect(route.dispatcher).toBeInstanceOf(ProxyAgent);
    expect(route.description).toBe('via proxy http://10.0.0.1:3128');
  });

  it('HTTPS_PROXY / https_proxy bring in EnvHttpProxyAgent (which honours NO_PROXY)', () => {
    for (const variable of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY']) {
      const route = chooseRoute('https://api.weixin.qq.com', undefined, {
        [variable]: 'http://u:secretpw@10.0.0.1:3128',
        NO_PROXY: 'example.com',
      });
      expect(route.dispatcher).toBeInstanceOf(EnvHttpProxyAgent);
      expect(route.description).toContain(variable);
      expect(route.description).not.toContain('secretpw');
    }
    expect(chooseRoute('https://api.weixin.qq.com', undefined, { NO_PROXY: '*' }).dispatcher).toBeUndefined();
  });

  it('a loopback baseUrl (the emulator) ignores environment proxies', () => {
    const loopback = ['http://127.0.0.1:4000', 'http://127.8.9.10', 'http://localhost:4000', 'http://[::1]:4000'];
    for (const base of [...loopback, 'http://[::ffff:127.0.0.1]:4000', 'http://app.localhost']) {
      expect(
        chooseRoute(base, undefined, { HTTPS_PROXY: 'http://10.0.0.1:3128', HTTP_PROXY: 'http://10.0.0.1:3128' })
          .dispatcher,
      ).toBeUndefined();
    }
    // Only loopback: a private or look-alike address still goes through the proxy.
    for (const base of ['http://10.0.0.2:4000', 'http://127.0.0.1.example.com', 'http://[::2]:4000']) {
      expect(chooseRoute(base, undefined, { HTTPS_PROXY: 'http://10.0.0.1:3128' }).dispatcher, base).toBeInstanceOf(
        EnvHttpProxyAgent,
      );
    }
  });
});
