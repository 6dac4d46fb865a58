/**
 * Task deadlines as iCalendar subscriptions:
 *   /calendar/agency/{name}.ics?role=lead|cooperator   the tasks an agency leads or cooperates on
 *   /calendar/document/{id}.ics                        every task of one document
 * Tasks come from the archive's task query (the one the tasks board and the API use).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Archive, TaskRecord } from '../../store/archive.js';
import { PARSER_VERSION } from '../../version.js';
import { LIMITS } from '../api/schemas.js';
import { badRequest, notFound } from '../errors.js';
import { SITE_NAME } from '../web/layout.js';
import { baseUrlOf, plainTextErrors, stripExtension } from '../feeds/routes.js';
import { icsText, type IcsEvent } from './ics.js';
import { taskEvents, type Role, type TaskWithRole } from './events.js';

const PROD_ID = `-//Gongbao//Gongbao ${PARSER_VERSION}//ZH`;

function sendIcs(reply: FastifyReply, name: string, description: string, events: IcsEvent[]) {
  const text = icsText({ name: `${name} - ${SITE_NAME}`, description, prodId: PROD_ID, stamp: new Date(), events });
  return reply.type('text/calendar; charset=utf-8').header('cache-control', 'public, max-age=300').send(text);
}

/** Tasks with the roles the agency has in each (a task it both leads and cooperates on has both). */
async function agencyTasks(archive: Archive, agency: string, only?: Role): Promise<TaskWithRole[]> {
  const byId = new Map<number, TaskWithRole>();
  for (const role of only ? [only] : (['lead', 'cooperator'] as const)) {
    for (const task of await archive.tasks({ agency, role, sort: 'document' })) {
      const entry = byId.get(task.id) ?? { task, roles: [] };
      entry.roles.push(role);
      byId.set(task.id, entry);
    }
  }
  return [...byId.values()];
}

export function registerCalendar(app: FastifyInstance, opts: { archive: Archive }): void {
  const { archive } = opts;
  const fileParams = (maxLength: number) => ({ type: 'object', properties: { file: { type: 'string', minLength: 1, maxLength } }, required: ['file'] });

  app.get<{ Params: { file: string }; Querystring: { role?: Role } }>('/calendar/agency/:file', {
    schema: {
      hide: true,
      params: fileParams(LIMITS.maxNameLength + 4),
      querystring: { type: 'object', properties: { role: { type: 'string', enum: ['lead', 'cooperator'] } } },
    },
    errorHandler: plainTextErrors,
  }, async (req, reply) => {
    const name = stripExtension(req.params.file, '.ics').trim();
    if (!name) throw badRequest('empty agency name');
    const tasks = await agencyTasks(archive, name, req.query.role);
    if (!tasks.length && !(await archive.countTasks({ agency: name })).total) throw notFound(`agency ${name}`);
    const events = await taskEvents(archive, tasks, baseUrlOf(req));
    const role = req.query.role === 'lead' ? '牵头' : req.query.role === 'cooperator' ? '配合' : '牵头和配合';
    return sendIcs(reply, `${name}督办任务`, `${name}${role}的任务的完成时限和阶段节点，摘自政府公报所载文件；一切以公报原文为准。`, events);
  });

  app.get<{ Params: { file: string } }>('/calendar/document/:file', {
    schema: { hide: true, params: fileParams(16) },
    errorHandler: plainTextErrors,
  }, async (req, reply) => {
    const raw = stripExtension(req.params.file, '.ics');
    if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2147483647) throw notFound(`document ${raw}`);
    const id = Number(raw);
    const doc = await archive.getDocument(id);
    if (!doc) throw notFound(`document ${id}`);
    const tasks: TaskRecord[] = await archive.tasks({ documentId: id, sort: 'document' });
    const label = doc.docNumber ?? doc.title;
    const events = await taskEvents(archive, tasks.map((task) => ({ task, roles: [] })), baseUrlOf(req));
    return sendIcs(reply, `${label} 任务时限`, `《${doc.title}》${doc.docNumber ? `（${doc.docNumber}）` : ''}所列任务的完成时限和阶段节点；一切以公报原文为准。`, events);
  });
}
