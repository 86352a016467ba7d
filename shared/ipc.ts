/** The IPC channel names between the Electron preload and the main process, declared once. */
export const IPC_CHANNELS = {
  /** Every method of the table: `invoke(call, method, arg)` answers a Result. */
  call: 'mldrill:call',
  /** Main → page: a File menu command, one of MENU_COMMANDS. */
  menu: 'mldrill:menu',
} as const;

/** The menus' commands (File, Go); the page runs each like the button or link of the same name. */
export const MENU_COMMANDS = ['import-pack', 'open-packs', 'new-question', 'export-progress', 'go-practice', 'go-progress', 'go-questions', 'go-settings'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
