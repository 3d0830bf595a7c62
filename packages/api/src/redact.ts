/**
 * Redaction: secrets and access tokens must never reach an error message, a log line, an
 * error's cause or a stack. Two layers: patterns (anything that looks like a credential in a URL,
 * a query string or a JSON body) and a list of the exact values this client knows are secret.
 * Hand-written on purpose: the keys and the known values are WeChat's and this client's own.
 */

const MASK = '***';

/** Query or form parameters and JSON keys whose values are credentials. */
const SECRET_KEYS = [
  'access_token',
  'authorizer_access_token',
  'component_access_token',
  'authorizer_refresh_token',
  'secret',
  'appsecret',
  'app_secret',
  'component_appsecret',
];

const keyAlternation = SECRET_KEYS.join('|');
// access_token=VALUE in URLs, query strings and form bodies (value ends at &, whitespace or a quote).
const QUERY_PATTERN = new RegExp(`\\b(${keyAlternation})=([^&\\s"'<>#]*)`, 'gi');
// "access_token": "VALUE" in JSON (also with escaped quotes inside a JSON string).
const JSON_PATTERN = new RegExp(`(\\\\?"(?:${keyAlternation})\\\\?"\\s*:\\s*\\\\?")((?:[^"\\\\]|\\\\(?!"))*)`, 'gi');
// Credentials in a proxy URL: http://user:password@host.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

/** Masks credentials in any text: `access_token=…`, `secret=…`, `"secret": "…"`, `user:pass@` in URLs. */
export function redact(text: string, known: Iterable<string> = []): string {
  let out = text
    .replace(QUERY_PATTERN, (_m, key: string) => `${key}=${MASK}`)
    .replace(JSON_PATTERN, (_m, head: string) => `${head}${MASK}`)
    .replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
  for (const value of known) {
    // Very short values would mask ordinary words; real secrets and tokens are long.
    if (value && value.length >= 6) out = out.split(value).join(MASK);
  }
  return out;
}

/** Remembers the exact secret values one client has seen (its AppSecret, every token) and masks them. */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= 6) this.values.add(value);
  }

  redact = (text: string): string => redact(text, this.values);
}
