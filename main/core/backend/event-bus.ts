// The backend's events to its subscribers (transports, the shell). A listener that throws is
// logged and skipped: one broken subscriber must not silence the others.
import type { BridgeEventName, BridgeEvents } from '../../../preload/contract/index.js';
import type { Logger } from '../ports.js';
import type { BackendListener } from './types.js';

export interface EventBus {
  emit<E extends BridgeEventName>(event: E, payload: BridgeEvents[E]): void;
  subscribe(listener: BackendListener): () => void;
  clear(): void;
}

export function createEventBus(logger: Logger): EventBus {
  const listeners = new Set<BackendListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) {
        try {
          listener(event, payload);
        } catch (err) {
          logger.error('event listener failed', { event, reason: String(err) });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
