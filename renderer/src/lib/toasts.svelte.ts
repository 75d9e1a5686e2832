// Short-lived messages for the outcome of an action (copied, save failed...).
export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(text: string, tone: Toast['tone'] = 'info', ms = 6000): void {
    const id = this.#next++;
    this.items = [...this.items.slice(-2), { id, text, tone }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
