import type { RegisterCommand } from '../runtime';
import { registerDiff } from './diff';
import { registerInit } from './init';
import { registerInspect } from './inspect';
import { registerLint } from './lint';
import { registerReport } from './report';
import { registerStatus } from './status';

/** Every `lupo` command, in help order. Each command lives in its own file. */
export const commands: readonly RegisterCommand[] = [
  registerInit,
  registerInspect,
  registerLint,
  registerDiff,
  registerReport,
  registerStatus,
];
