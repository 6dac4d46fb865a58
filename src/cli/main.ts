/**
 * The `gongbao` command line. Each command lives in its own module under commands/ and registers
 * itself here; errors that reach the top become one line on stderr and a non-zero exit, never a
 * stack trace (set GONGBAO_DEBUG=1 to see one).
 */
import { Command, CommanderError } from 'commander';
import { registerParse } from './commands/parse.js';
import { registerIngest } from './commands/ingest.js';
import { registerSearch } from './commands/search.js';
import { registerExport } from './commands/export.js';
import { registerServe } from './commands/serve.js';
import { registerDemo } from './commands/demo.js';
import { registerMcp } from './commands/mcp.js';
import { PARSER_VERSION } from '../version.js';
import { reportFatal } from './errors.js';

const program = new Command();
program
  .name('gongbao')
  .description('Turn Chinese government gazettes (政府公报) into a structured, searchable, linked archive.')
  .version(PARSER_VERSION)
  .showHelpAfterError()
  .exitOverride();

registerParse(program);
registerIngest(program);
registerSearch(program);
registerExport(program);
registerServe(program);
registerDemo(program);
registerMcp(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  reportFatal(err);
}
