/** Exposes exactly one typed object to the renderer. No raw ipcRenderer crosses the bridge. */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../../shared/api';

const bridge = {
  call: (method, arg) => ipcRenderer.invoke('mldrill:call', method, arg),
  openExternal: (url) => ipcRenderer.invoke('mldrill:open-external', url),
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('mldrill', bridge);
