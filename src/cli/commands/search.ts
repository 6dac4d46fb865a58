import type { Command } from 'commander';

/** Placeholder until the command is implemented. */
export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('(not implemented yet)')
    .action(() => {
      throw new Error('search is not implemented yet');
    });
}
