export function findElectronBinary(root: string): { path: string; reason?: undefined } | { path: null; reason: string };
export function electronHostArgs(): string[];
