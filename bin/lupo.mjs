#!/usr/bin/env node
// `lupo` launcher: runs the TypeScript CLI through tsx's loader, so `npx lupo` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
