import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('datafiniti', {});
