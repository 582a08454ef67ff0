import type { RegisterCommand } from '../runtime';
import { registerAdopt } from './adopt';
import { registerApply } from './apply';
import { registerDiff } from './diff';
import { registerInit } from './init';
import { registerInspect } from './inspect';
import { registerLint } from './lint';
import { registerPlan } from './plan';
import { registerQuery } from './query';
import { registerReport } from './report';
import { registerRollback } from './rollback';
import { registerSandbox } from './sandbox';
import { registerStatus } from './status';

/** Every `lupo` command, in help order. Each command lives in its own file. */
export const commands: readonly RegisterCommand[] = [
  registerInit,
  registerInspect,
  registerLint,
  registerDiff,
  registerReport,
  registerPlan,
  registerApply,
  registerRollback,
  registerStatus,
  registerAdopt,
  registerSandbox,
  registerQuery,
];
