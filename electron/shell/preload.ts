/**
 * Exposes exactly two objects to the renderer: `mldrill`, one function per method the desktop offers, each an IPC
 * call on the one declared channel; and `mldrillMenu`, which hands the page the File menu's commands. No raw
 * ipcRenderer crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../../shared/api';
import { desktopMethodNames } from '../shell-policy';
import { bridgeFrom } from '../../shared/bridge';
import { IPC_CHANNELS, MENU_COMMANDS, type MenuCommand } from '../../shared/ipc';

const bridge = bridgeFrom<DesktopBridge>(desktopMethodNames(), (method, arg) => ipcRenderer.invoke(IPC_CHANNELS.call, method, arg));

const menu = {
  /** Calls `listener` with each File menu command; returns the function that stops listening. */
  onCommand(listener: (command: MenuCommand) => void): () => void {
    const handler = (_event: unknown, command: unknown) => {
      if ((MENU_COMMANDS as readonly unknown[]).includes(command)) listener(command as MenuCommand);
    };
    ipcRenderer.on(IPC_CHANNELS.menu, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNELS.menu, handler);
  },
};

contextBridge.exposeInMainWorld('mldrill', bridge);
contextBridge.exposeInMainWorld('mldrillMenu', menu);
