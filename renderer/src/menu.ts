/**
 * The File menu's commands: from the desktop's native menu (through the preload's `mldrillMenu`), and the same
 * commands from keyboard shortcuts in browser mode, which has no native menu.
 */
import { MENU_COMMANDS, type MenuCommand } from '../../shared/ipc';

interface DesktopMenu {
  onCommand(listener: (command: MenuCommand) => void): () => void;
}

/** Shortcut → command, the same accelerators the desktop menu shows. */
export function commandForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> & { code?: string }): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'o' && !e.shiftKey) return 'import-pack';
  if (key === 'p' && e.shiftKey) return 'open-packs';
  // Ctrl+1..3 belong to the browser's tabs, so browser mode takes Ctrl+Shift+1..3 for the Go menu. The key code, not
  // the character: Shift+1 types "!" on one layout and something else on the next.
  const go = e.shiftKey ? { Digit1: 'go-practice', Digit2: 'go-progress', Digit3: 'go-questions' }[e.code ?? ''] : undefined;
  if (go) return go as MenuCommand;
  if (!e.shiftKey && key === ',') return 'go-settings';
  return null;
}

export function listenForCommands(run: (command: MenuCommand) => void): () => void {
  const desktop = (window as unknown as { mldrillMenu?: DesktopMenu }).mldrillMenu;
  if (desktop) return desktop.onCommand((c) => (MENU_COMMANDS.includes(c) ? run(c) : undefined));
  const onKey = (e: KeyboardEvent) => {
    const command = commandForKey(e);
    if (!command) return;
    e.preventDefault();
    run(command);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
