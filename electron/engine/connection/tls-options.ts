import { readFile } from 'node:fs/promises';
import type { SslOptions } from 'mysql2';
import { LupoError } from '../../../shared/errors';

/** TLS settings of a profile (file paths). */
export interface TlsSettings {
  readonly mode: 'off' | 'required' | 'verify-ca' | 'verify-identity';
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new LupoError(
      'connection/tls-file',
      `The TLS ${what} file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      {
        hint: `Check the ${what} file path in the connection's TLS settings and that this user may read it.`,
      },
    );
  }
}

/**
 * mysql2 `ssl` options for a TLS mode: `required` encrypts without checking the certificate,
 * `verify-ca` checks the chain against the CA file, `verify-identity` also checks the host
 * name. Undefined when TLS is off.
 */
export async function buildSslOptions(tls: TlsSettings | undefined): Promise<SslOptions | undefined> {
  if (!tls || tls.mode === 'off') return undefined;
  const [ca, cert, key] = await Promise.all([
    tls.caFile ? readPem(tls.caFile, 'CA') : undefined,
    tls.certFile ? readPem(tls.certFile, 'client certificate') : undefined,
    tls.keyFile ? readPem(tls.keyFile, 'client key') : undefined,
  ]);
  if (tls.mode !== 'required' && ca === undefined) {
    throw new LupoError('connection/tls-file', `TLS mode "${tls.mode}" needs a CA file.`, {
      hint: 'Choose the CA certificate that signed the server certificate, or use TLS mode "required".',
    });
  }
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    rejectUnauthorized: tls.mode !== 'required',
    ...(tls.mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  } as SslOptions;
}
