// The per-save "Combine into one file" choice: it starts from the setting; ticking it here
// applies to the saves started from this window until the app restarts.
import { app } from './app.svelte.js';

class SaveChoice {
  #chosen = $state<boolean | null>(null);

  get combine(): boolean {
    return this.#chosen ?? app.settings?.combineFiles ?? false;
  }
  set combine(value: boolean) {
    this.#chosen = value;
  }
}

export const saveChoice = new SaveChoice();
