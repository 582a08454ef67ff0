import type { EventName, EventPayload } from '../../../shared/contract/index';
import type { SecretCipher } from '../connection/secret-cipher';

export type { SecretCipher };

/** Sends an event to every listening renderer. */
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * What a shell (Electron main, browser-mode host, tests) gives the engine's API: where
 * to keep user data, where the bundled resources are, how to encrypt secrets, and how to
 * reach the renderer. The engine never learns which shell it runs in beyond `mode`.
 */
export interface EngineHost {
  readonly mode: 'electron' | 'browser';
  /** Folder for profiles, known hosts, window state (the app's user-data folder). */
  readonly userDataDir: string;
  /** Folder that holds the shipped `toon/` resources (the repo root in development). */
  readonly resourcesDir: string;
  readonly secretCipher: SecretCipher;
  readonly emit: EmitEvent;
}
