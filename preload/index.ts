// The preload: exposes the bridge (create-bridge.ts) as `window.datafiniti`. Bundled to one
// sandbox-compatible CommonJS file; `electron` is the only module required, and nothing is
// exported (a sandboxed preload is not a module anyone imports).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './create-bridge.js';

contextBridge.exposeInMainWorld('datafiniti', createBridge(ipcRenderer));
