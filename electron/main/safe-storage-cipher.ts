import { safeStorage } from 'electron';
import type { SecretCipher } from '../engine/api/engine-host';

/** Encrypts profile secrets with the OS keychain through Electron's safeStorage. */
export const safeStorageCipher: SecretCipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher, 'base64')),
};
