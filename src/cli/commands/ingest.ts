import type { Command } from 'commander';

/** Placeholder until the command is implemented. */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('(not implemented yet)')
    .action(() => {
      throw new Error('ingest is not implemented yet');
    });
}
