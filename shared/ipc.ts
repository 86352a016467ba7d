/** The IPC channel names between the Electron preload and the main process, declared once. */
export const IPC_CHANNELS = {
  /** Every method of the table: `invoke(call, method, arg)` answers a Result. */
  call: 'mldrill:call',
} as const;
