// Folders the user picked in the system's folder dialog while the app runs. A folder that saves
// will write into (the Save folder setting, or one save's own folder) must be one of them, or
// the one already set: the window cannot name a folder by itself. A compromised window could
// otherwise make `/` a save's folder and then open any program on the disk, since opening a
// saved file is allowed for anything inside a save's folder (saved-paths.ts).
import path from 'node:path';
import { AppError } from '../errors.js';

export const FOLDER_NOT_CHOSEN =
  'Choose the folder with "Choose…": a folder can only be set from the system\'s folder dialog.';

export class ChosenFolders {
  private readonly chosen = new Set<string>();

  /** What the folder dialog answered; remembered when it is a folder. */
  remember(folder: string | null): string | null {
    if (folder !== null) this.chosen.add(path.resolve(folder));
    return folder;
  }

  /** Throws unless `folder` was chosen in the dialog or is `current` (unchanged). */
  assertChosen(folder: string, current: string | null, field?: string): void {
    const resolved = path.resolve(folder);
    if (this.chosen.has(resolved)) return;
    if (current !== null && path.resolve(current) === resolved) return;
    throw new AppError('invalid-input', FOLDER_NOT_CHOSEN, field ? { field } : undefined);
  }
}
