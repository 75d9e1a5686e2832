// Knows when no call of the wrapped objects is pending, so a test can wait for "no round in
// flight" from outside instead of the monitor carrying a test-only whenIdle().
export interface CallTracker {
  /** The same object; its methods' promises are tracked until they settle. */
  track<T extends object>(target: T): T;
  /** Resolves once no tracked call is pending (calls started meanwhile included). */
  idle(): Promise<void>;
}

export function createCallTracker(): CallTracker {
  const pending = new Set<Promise<unknown>>();
  return {
    track(target) {
      return new Proxy(target, {
        get(obj, key, receiver) {
          const value: unknown = Reflect.get(obj, key, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]): unknown => {
            const result: unknown = Reflect.apply(value, obj, args);
            if (result instanceof Promise) {
              pending.add(result);
              result.then(
                () => pending.delete(result),
                () => pending.delete(result),
              );
            }
            return result;
          };
        },
      });
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
