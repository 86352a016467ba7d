/**
 * Exposes exactly what preloadApi (../shell-policy.ts, snapshot-tested) builds, under its own names: `mldrill`, one
 * function per method the desktop offers, each an IPC call on the one declared channel; and `mldrillMenu`, which
 * hands the page the menus' commands. No raw ipcRenderer crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { preloadApi } from '../shell-policy';

for (const [name, value] of Object.entries(preloadApi(ipcRenderer))) contextBridge.exposeInMainWorld(name, value);
