/**
 * Secrets never leave the app in a message. One module masks them wherever text crosses a
 * boundary (CLI output and errors, `--json`, progress events, the statement journal, logs):
 *
 * - passwords in URLs (`mysql://user:secret@host` → `mysql://user:***@host`), also in
 *   malformed URLs that `new URL()` rejects;
 * - password literals in SQL: `IDENTIFIED BY '…'`, `IDENTIFIED BY PASSWORD '…'`,
 *   `IDENTIFIED WITH plugin BY '…'`, `IDENTIFIED VIA|WITH plugin USING|AS '…'`,
 *   `PASSWORD('…')`, `SET PASSWORD … = '…'`, `MASTER_PASSWORD = '…'`, `SOURCE_PASSWORD = '…'`,
 *   including the truncated forms the server quotes in syntax errors;
 * - any exact secret the caller knows (the password from LUPO_PASSWORD or the URL).
 */

/** What a masked secret reads as. */
export const SECRET_MASK = '***';

/** A quoted SQL string (single or double quotes, backslash or doubled-quote escapes); may be cut off. */
const LITERAL = String.raw`(?:'(?:[^'\\]|\\[\s\S]|'')*'?|"(?:[^"\\]|\\[\s\S]|"")*"?)`;

/** Text before a password literal, as a capture group. */
const BEFORE_SECRET = [
  String.raw`\bIDENTIFIED\s+(?:WITH\s+[\w'"\x60]+\s+)?BY\s+(?:PASSWORD\s+)?`,
  String.raw`\bIDENTIFIED\s+(?:VIA|WITH)\s+[\w'"\x60]+\s+(?:USING|AS)\s+(?:PASSWORD\s*\(\s*)?`,
  String.raw`\bPASSWORD\s*\(\s*`,
  String.raw`\bSET\s+PASSWORD\b[^=;]*=\s*(?:PASSWORD\s*\(\s*)?`,
  String.raw`\b(?:MASTER|SOURCE)_PASSWORD\s*=\s*`,
].join('|');

const SQL_SECRET = new RegExp(`(${BEFORE_SECRET})(${LITERAL})`, 'gi');

/** `scheme://user:password@`: the password runs to the last `@` of the address (passwords may hold `@` or `/`). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"'<>]*):([^\s"'<>]*)@/gi;

/** Every SQL_SECRET match holds PASSWORD or IDENTIFIED, every URL_PASSWORD match `://`. */
const MAY_HOLD_SECRET = /password|identified|:\/\//i;

/** Masks password literals in SQL text (statements, server errors quoting them). */
export function maskSqlSecrets(text: string): string {
  return text.replace(SQL_SECRET, (_all, before: string, literal: string) => {
    const quote = literal[0]!;
    return `${before}${quote}${SECRET_MASK}${quote}`;
  });
}

/** Masks the password of every URL in `text` (well-formed or not). */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, (_all, head: string) => `${head}:${SECRET_MASK}@`);
}

/**
 * Masks every secret in a message: URL passwords, SQL password literals and each of
 * `known` (exact values such as LUPO_PASSWORD; values shorter than 6 characters are left
 * alone: they would mask ordinary words such as a user name, and the patterns above still apply).
 */
export function redactSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  // Both patterns need one of these words: one cheap scan spares `lupo query`'s megabytes of rows the two full ones.
  let out = MAY_HOLD_SECRET.test(text) ? maskUrlPasswords(maskSqlSecrets(text)) : text;
  for (const secret of known) {
    if (!secret || secret.length < 6) continue;
    out = out.split(secret).join(SECRET_MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(SECRET_MASK);
  }
  return out;
}

/** True when `sql` holds a literal this module masked (such a statement cannot be run again from its masked text). */
export function holdsMaskedSecret(sql: string): boolean {
  return maskSqlSecrets(sql) === sql && new RegExp(`(${BEFORE_SECRET})(['"])\\*\\*\\*\\2`, 'i').test(sql);
}

/** Applies `redactSecrets` to every string in a JSON-like value (for `--json` output and error details). */
export function redactDeep<T>(value: T, known: readonly (string | undefined)[] = []): T {
  if (typeof value === 'string') return redactSecrets(value, known) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, known)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, known)])) as T;
  }
  return value;
}
