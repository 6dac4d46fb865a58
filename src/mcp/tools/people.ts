/** person_timeline: a person's appointments and removals across issues (the archive's timeline). */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { lineRef, lineRefSchema, type McpContext } from '../evidence.js';
import { answer } from '../result.js';

const PERSON_TIMELINE_INPUT = { name: z.string().min(1).max(100).describe('Full name as printed') };

const PERSON_TIMELINE_OUTPUT = {
  name: z.string(),
  found: z.boolean(),
  identities: z.array(z.object({ identity: z.number().int(), organisations: z.array(z.string()), entries: z.number().int() })),
  flags: z.array(z.string()),
  entries: z.array(z.object({
    action: z.enum(['appoint', 'remove', 'nominate', 'confirm', 'transfer', 'auto_remove']),
    post: z.string(),
    qualifiers: z.array(z.string()),
    date: z.string().nullable().describe('Date of the notice (成文日期), else of its issue'),
    identity: z.number().int(),
    source: lineRefSchema,
  })),
};

export function registerPeopleTool(server: McpServer, ctx: McpContext): void {
  server.registerTool('person_timeline', {
    title: "A person's timeline",
    description:
      'Appointments, removals, nominations and confirmations of a person (full name, e.g. 任海鑫) across the archive, by date, each ' +
      'with its notice and line. When posts show that two different people share the name, identities tells them apart.',
    inputSchema: PERSON_TIMELINE_INPUT,
    outputSchema: PERSON_TIMELINE_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    const t = await ctx.archive.personTimeline(a.name.trim());
    const entries = t.entries.map((e) => ({
      action: e.action, post: e.post, qualifiers: e.qualifiers, date: e.date, identity: e.identity,
      source: lineRef(ctx, { documentId: e.documentId, docNumber: e.docNumber, title: e.title }, e.line),
    }));
    const text = entries.length
      ? [`${t.name}: ${entries.length} entries.`, ...t.flags, ...entries.map((e) => `${e.date ?? '????-??-??'} ${e.action} ${e.post} — ${e.source.docNumber ?? ''}《${e.source.title}》 line ${e.source.line}`)].join('\n')
      : `${a.name}: no appointments of this name in the archive.`;
    return answer({ name: t.name, found: entries.length > 0, identities: t.identities, flags: t.flags, entries }, text);
  });
}
