import type { Command } from 'commander';

/** Placeholder until the command is implemented. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('(not implemented yet)')
    .action(() => {
      throw new Error('export is not implemented yet');
    });
}
