import type { RegisterCommand } from '../runtime';
import { registerInit } from './init';
import { registerInspect } from './inspect';
import { registerStatus } from './status';

/** Every `lupo` command, in help order. Each command lives in its own file. */
export const commands: readonly RegisterCommand[] = [registerInit, registerInspect, registerStatus];
