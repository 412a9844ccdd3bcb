// Live console log of one task, shared by every subscriber of that task in one company: told that
// lines were stored, it reads the lines after the last one it published (events/log.ts keyset
// pages by (timestamp, id)) once, for all of them.
import type { Actor } from '../context.ts';
import { listTaskLog, MAX_LOG_PAGE, type LogLine, type LogPosition } from '../events/log.ts';
import { SharedSource } from './stream.ts';

export interface TaskLogAppend {
  task: string;
  lines: LogLine[];
}

export class TaskLogSource extends SharedSource<TaskLogAppend> {
  readonly actor: Actor;
  readonly taskId: string;
  /** Set once the newest stored line is known (new lines are those after it). */
  readonly ready: Promise<void>;
  private position: LogPosition | null = null;

  constructor(actor: Actor, taskId: string) {
    super();
    this.actor = actor;
    this.taskId = taskId;
    this.ready = listTaskLog(actor, taskId, { last: 1 }).then((page) => {
      this.position = page.lines.at(-1)?.position ?? null;
    });
    this.ready.catch(() => {});
  }

  protected async flush() {
    await this.ready;
    for (;;) {
      const page = await listTaskLog(this.actor, this.taskId, { first: MAX_LOG_PAGE, after: this.position });
      if (page.lines.length === 0) return;
      this.position = page.lines.at(-1)!.position;
      this.publish({ task: this.taskId, lines: page.lines });
      if (!page.hasNextPage) return;
    }
  }
}
