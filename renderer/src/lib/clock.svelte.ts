// One shared "now" for relative times and countdowns. It ticks every second only while a
// countdown is on screen, otherwise every 30 s, so an idle window costs next to nothing.
class SharedClock {
  now = $state(Date.now());
  #fast = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = setInterval(() => (this.now = Date.now()), this.#fast > 0 ? 1000 : 30_000);
  }

  /** Ask for per-second ticks; call the returned function when done. */
  needSeconds(): () => void {
    this.#fast += 1;
    this.now = Date.now();
    if (this.#fast === 1) this.#schedule();
    return () => {
      this.#fast -= 1;
      if (this.#fast === 0) this.#schedule();
    };
  }
}

export const clock = new SharedClock();
