/**
 * Exposes exactly one object to the renderer: one function per method the desktop offers, each an IPC call on the
 * one declared channel. No raw ipcRenderer crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../../shared/api';
import { desktopMethodNames } from '../shell-policy';
import { bridgeFrom } from '../../shared/bridge';
import { IPC_CHANNELS } from '../../shared/ipc';

const bridge = bridgeFrom<DesktopBridge>(desktopMethodNames(), (method, arg) => ipcRenderer.invoke(IPC_CHANNELS.call, method, arg));

contextBridge.exposeInMainWorld('mldrill', bridge);
