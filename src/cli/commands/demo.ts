import type { Command } from 'commander';

/** Placeholder until the command is implemented. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('(not implemented yet)')
    .action(() => {
      throw new Error('demo is not implemented yet');
    });
}
