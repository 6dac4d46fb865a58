/**
 * The `gongbao` command line. Each command lives in its own module under commands/ and registers
 * itself here; a command loads what it needs (parser, archive, server) only when it runs, so
 * `gongbao --help` starts about as fast as Node itself.
 *
 * Exit codes: 0 done (also when the reader of stdout went away), 1 failed, 2 usage error. Errors
 * that reach the top become one line on stderr, never a stack trace (GONGBAO_DEBUG=1 shows one).
 */
import { registerParse } from './commands/parse.js';
import { registerIngest } from './commands/ingest.js';
import { registerSearch } from './commands/search.js';
import { registerExport } from './commands/export.js';
import { registerServe } from './commands/serve.js';
import { registerDemo } from './commands/demo.js';
import { registerMcp } from './commands/mcp.js';
import { registerList } from './commands/list.js';
import { registerRemove } from './commands/remove.js';
import { registerBackup } from './commands/backup.js';
import { versionLine } from './version.js';
import { USAGE_EXIT, reportFatal } from './errors.js';
import { endQuietlyOnClosedPipe } from './output.js';
import { forTerminal } from './terminal.js';
import { optimizeFromNowOn } from './compiler-at-start.js';
import { Command, CommanderError } from './commander.js';

// For bin/gongbao.js, which puts V8's flags back as they were before it writes the code cache.
export { undoOneParseTuning } from './one-shot-jit.js';

endQuietlyOnClosedPipe();

const program = new Command();
program
  .name('gongbao')
  .description('Turn Chinese government gazettes (政府公报) into a structured, searchable, linked archive.')
  .version(versionLine(), '-V, --version', 'print the gongbao and parser versions')
  .exitOverride()
  .configureOutput({
    // "error: unknown option '--bogus'\n(Did you mean --db?)" → one line in the CLI's own style.
    outputError: (text, write) => write(`gongbao: ${forTerminal(text.trim().replace(/^error: /, '').replace(/\n\(Did you mean (.*)\)$/, ' (did you mean $1)'))}\n`),
  });

// Started without the optimizing compiler (bin/gongbao.js): every command but parse, which decides
// by its input, runs with it.
program.hook('preAction', (_program, command) => {
  if (command.name() !== 'parse') optimizeFromNowOn();
});

registerParse(program);
registerIngest(program);
registerList(program);
registerRemove(program);
registerBackup(program);
registerSearch(program);
registerExport(program);
registerServe(program);
registerDemo(program);
registerMcp(program);

// A usage error is one line and a pointer to the help, not the whole help.
program.showHelpAfterError('(see `gongbao --help`)');
for (const command of program.commands) command.showHelpAfterError(`(see \`gongbao ${command.name()} --help\`)`);

// Not a top-level await: the bundle bin/gongbao.js runs is a CommonJS script (for V8's code cache,
// scripts/bundle-cli.mjs), where there is none.
void (async () => {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) reportFatal(err);
    // --help, --version and `gongbao help` succeed; everything else commander stops at is a usage
    // error (bare `gongbao` prints the help on stderr as one).
    const fine = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0);
    process.exit(fine ? 0 : USAGE_EXIT);
  }
})();
