import type { Command } from 'commander';
import path from 'node:path';
import { writeStarterConfig } from '../../engine/config/index';
import { action, EXIT_OK, type RegisterCommand } from '../runtime';

/**
 * `lupo init [DIR]`: writes a commented `lupo.config.toon` (TOON allows `#` comments;
 * JSON does not) and refuses to overwrite an existing lupo.config.*.
 */
export const registerInit: RegisterCommand = (program, io, setExit) => {
  program
    .command('init')
    .argument('[dir]', 'workspace folder (default: the current folder)')
    .description('Write a commented starting workspace config (lupo.config.toon).')
    .action(
      action(io, setExit, async (dir: string | undefined, _flags: unknown, command: Command) => {
        const file = await writeStarterConfig(path.resolve(io.cwd, dir ?? '.'));
        if (command.optsWithGlobals().json) io.stdout(JSON.stringify({ written: file }, null, 2) + '\n');
        else
          io.stdout(`Wrote ${file}\nEdit it to name your databases and folders; lines starting with # are comments.\n`);
        return EXIT_OK;
      }),
    );
};
