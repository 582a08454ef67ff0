/**
 * How profile secrets are protected at rest. The Electron shell passes a cipher built on
 * safeStorage (OS keychain); browser mode and the CLI use the owner-only file "cipher"
 * below, which is honest about NOT encrypting: the profile store only writes secrets with it
 * when the operator opts in (`savePassword: true`), into a file with mode 0600.
 */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
  /** False for a cipher that only encodes (see createOwnerOnlyFileCipher). Default: true. */
  readonly encrypts?: boolean;
}

const PREFIX = 'plain-base64:';

/**
 * A non-encrypting cipher: base64 so the JSON stays one line per secret, with a prefix that
 * says so. Protection comes only from the secrets file's 0600 mode (owner-only).
 */
export function createOwnerOnlyFileCipher(): SecretCipher {
  return {
    encrypts: false,
    isAvailable: () => true,
    encrypt: (plain) => PREFIX + Buffer.from(plain, 'utf8').toString('base64'),
    decrypt: (cipher) => {
      if (!cipher.startsWith(PREFIX)) throw new Error('Not an owner-only-file secret.');
      return Buffer.from(cipher.slice(PREFIX.length), 'base64').toString('utf8');
    },
  };
}

/** The cipher of browser mode and the CLI (an owner-only file; no OS keychain there). */
export function createBrowserModeCipher(): SecretCipher {
  return createOwnerOnlyFileCipher();
}
