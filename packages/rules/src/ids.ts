/** An Official Account or mini-program AppID: `wx` and 16 hexadecimal characters. */
export const APPID_PATTERN = /^wx[0-9a-f]{16}$/i;

export function isAppid(value: string): boolean {
  return APPID_PATTERN.test(value);
}
