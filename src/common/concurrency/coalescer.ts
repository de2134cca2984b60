/**
 * At most one run per key at a time, and at most one waiting behind it: a
 * caller who comes while a run is waiting to start joins that run (it starts
 * after the caller asked, so it sees what the caller wrote). Used so that a
 * burst of chat starts into one inbox drains that inbox a few times instead of
 * once per start, with every drain racing the others for the same agents.
 * The task must not call `run` with its own key (it would wait for itself).
 */
export class Coalescer {
  private readonly slots = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    let slot = this.slots.get(key);
    if (slot?.next) return slot.next;
    if (!slot) {
      slot = { running: Promise.resolve() };
      this.slots.set(key, slot);
    }
    const s = slot;
    const p: Promise<void> = s.running
      .catch(() => undefined)
      .then(() => {
        if (s.next === p) s.next = undefined;
        return task();
      });
    s.next = p;
    s.running = p;
    void p
      .catch(() => undefined)
      .then(() => {
        if (s.running === p) this.slots.delete(key);
      });
    return p;
  }
}
