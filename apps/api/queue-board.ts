import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ForbiddenError, Role, sendProblem, toProblem } from '@app/core';
import { AuthGuard } from '@app/identity';
import { QueueName, queueProducerConnection } from '@app/queue';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board's dashboard of every BullMQ queue at /admin/queues, for LA administrators only, behind the same sign-in as
 * the API: each request (the page, its assets, its JSON calls) needs `Authorization: Bearer <token>` of an active LA
 * administrator, re-checked like any API request (a browser reaches it through the web front end, which holds the
 * token and adds the header). Read-only: the queues are the deployment's, shared by every LA, so no LA's administrator
 * may retry, promote or remove jobs; job payloads carry ids only (conventions: ids-only payloads), never a name.
 */
export async function registerQueueBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const guard = app.get(AuthGuard, { strict: false });
  const queues = Object.values(QueueName).map((name) => {
    const queue = new Queue(name, { connection: queueProducerConnection(config), prefix: config.queuePrefix });
    queue.on('error', () => undefined);
    return queue;
  });
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'EHCP queues' } },
  });
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const actor = await guard.authenticate(request.headers.authorization, String(request.id));
          if (actor.role !== Role.LaAdmin) throw new ForbiddenError();
        } catch (error) {
          sendProblem(reply, toProblem(error, String(request.id), request.url.split('?')[0]));
          return reply;
        }
      });
      await scope.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: QUEUE_BOARD_PATH },
  );
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
  });
}
