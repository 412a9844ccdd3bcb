// Admission control for request work: at most `limit` API requests (GraphQL over the plain path,
// legacy RPC calls) execute at once; the others wait, first come first served, with nothing but
// their body read. An executing request needs CPU and, mostly, one of the few pooled database
// connections; admitting every request at once under load only makes each of them keep its plans,
// statements and partial results alive while it waits for a connection, which multiplies garbage
// collection work and memory without finishing anything sooner. Long-lived responses (server-sent
// events) never hold a place.

export class RequestGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`RequestGate: limit must be >= 1 (got ${limit})`);
  }

  /** Requests being processed / waiting for their turn. */
  get counts(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /**
   * Runs `work` when its turn comes. Its place is given back when it settles, or earlier when it
   * calls `leave` (e.g. before streaming a response that lasts).
   */
  async run<T>(work: (leave: () => void) => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((admit) => this.waiting.push(admit)); // the place is handed over
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
    try {
      return await work(leave);
    } finally {
      leave();
    }
  }
}
