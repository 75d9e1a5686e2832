// Electron's net.fetch honours the Fetch standard's `cache` option; the Node types of RequestInit
// (undici) leave it out. Declared here so the Node-only typecheck accepts it without DOM types.
interface RequestInit {
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
}
