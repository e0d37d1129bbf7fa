/**
 * Group look-ups: a key asked for while a look-up is running waits and goes into the next one,
 * together with every other key that arrived meanwhile. A lone request is looked up at once
 * (no timer, no added latency); a burst costs one round trip per look-up instead of per key.
 * Every caller still gets a fresh answer from the database, never a cached one.
 */
export function coalescing<K, V>(lookup: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let waiting: Array<{ key: K; resolve(value: V | undefined): void; reject(error: unknown): void }> = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const found = await lookup([...new Set(batch.map((w) => w.key))]);
        for (const w of batch) w.resolve(found.get(w.key));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    running = false;
  }

  return (key) =>
    new Promise((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      if (!running) void drain();
    });
}
