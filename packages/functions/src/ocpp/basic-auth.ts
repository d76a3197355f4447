/** Parses `Authorization: Basic base64(user:password)` (RFC 7617); the password may itself contain `:`. */
export function parseBasicAuth(value: string | undefined): { user: string; password: string } | undefined {
  const match = value ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value) : null;
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
