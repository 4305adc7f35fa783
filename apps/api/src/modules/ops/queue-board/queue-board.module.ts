import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule, BullBoardServerAdapter } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { ALL_QUEUES } from '@app/queueing';
import { QueueBoardAuthHook } from './queue-board-auth.hook';
import { QueueBoardFontsHook } from './queue-board-fonts.hook';
import { QUEUE_BOARD_ROUTE } from './queue-board.constants';

// @bull-board/fastify 9.10.1 bundles its own copy of @bull-board/api 9.10.1; the shapes match at run time.
const ServerAdapter = FastifyAdapter as unknown as new () => BullBoardServerAdapter;

/** Bull Board for operators at /admin/queues (admins only). */
@Module({
  imports: [
    BullBoardModule.forRoot({
      route: QUEUE_BOARD_ROUTE,
      adapter: ServerAdapter,
      boardOptions: { uiConfig: { boardTitle: 'Invoice triage queues' } },
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  providers: [QueueBoardAuthHook, QueueBoardFontsHook],
})
export class QueueBoardModule {}
