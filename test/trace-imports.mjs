// Test helper, loaded with `node --import ./test/trace-imports.mjs …`: writes the URL of every
// module the process resolves (ES imports, and what they load through tsx) to the file named by
// GONGBAO_TRACE_IMPORTS, one per line. Used to check what `gongbao --help` loads.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      const file = process.env.GONGBAO_TRACE_IMPORTS;
      export async function resolve(specifier, context, next) {
        const r = await next(specifier, context);
        if (file) appendFileSync(file, r.url + '\\n');
        return r;
      }`),
);
