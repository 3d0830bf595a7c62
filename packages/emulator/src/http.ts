import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/** The platform's content type, with its non-standard parameter name. */
export const JSON_TYPE = 'application/json; encoding=utf-8';
/** Bigger bodies are not kept in memory: far above every upload limit. */
export const MAX_BODY = 64 * 1024 * 1024;

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

export const sendJson = (res: ServerResponse, body: unknown, status = 200) =>
  send(res, status, JSON_TYPE, JSON.stringify(body));

/** An HTML error page, as a failing gateway in front of the API sends. */
export function sendGatewayError(res: ServerResponse, status: number): void {
  const title = `${status} ${http.STATUS_CODES[status] ?? ''}`;
  send(
    res,
    status,
    'text/html',
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
  );
}

export function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooBig: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooBig: size > MAX_BODY }));
    req.on('error', reject);
  });
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).body.toString('utf8');
  return text.trim() ? JSON.parse(text) : {};
}

/** A latency wait; unref'd so a pending one never keeps a closed emulator's process alive. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
