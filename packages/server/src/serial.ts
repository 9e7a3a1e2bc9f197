/** Runs tasks one at a time per key, in call order (a failed task does not stop the next). */
export function serialQueue() {
  const queues = new Map<string, Promise<unknown>>();
  const run = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return next;
  };
  return { run, pending: (): Promise<unknown>[] => [...queues.values()] };
}
