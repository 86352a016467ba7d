/**
 * Links from packs are untrusted. Only http and https links may leave the app, and only after the user confirms a
 * question that names the host the link really goes to, as the URL parser reads it: in
 * `https://trusted.example@evil.example/` that is evil.example, and the part before the @ is called out.
 */

/** Only http and https links may leave the app, and only after the user confirms. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export interface LinkInfo {
  /** An http(s) URL the app may offer to open. */
  ok: boolean;
  /**
   * Where it goes: host and port exactly as the URL parser reads them (`xn--…` for an international name, `[::1]` for
   * IPv6, no default port); '' when the URL has no host or does not parse.
   */
  host: string;
  /** The whole URL as the parser normalises it (what a browser opens), or the text as given when it does not parse. */
  display: string;
  /** The user name and password before the host, with its @ (`trusted.example@`), or null when there are none. */
  userinfo: string | null;
  /** A sentence the confirmation adds when the link is misleading, or null. */
  warning: string | null;
}

/** What a link really is, for the confirmation before it is opened. Pure; never throws. */
export function describeLink(url: string): LinkInfo {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, host: '', display: url, userinfo: null, warning: null };
  }
  const ok = u.protocol === 'http:' || u.protocol === 'https:';
  const userinfo = u.username !== '' || u.password !== '' ? `${u.username}${u.password !== '' ? `:${u.password}` : ''}@` : null;
  return {
    ok,
    host: u.host,
    display: u.href,
    userinfo,
    warning: userinfo ? `This link hides its destination behind “${userinfo}”: it goes to ${u.host}, not to the name before the @.` : null,
  };
}

/** The question both confirmations ask (the browser's confirm, the desktop's dialog): the real host first, then the URL. */
export function linkConfirmation(url: string): { message: string; detail: string } {
  const link = describeLink(url);
  const message = link.host ? `Open a page on ${link.host}?` : 'Open this link?';
  return { message, detail: link.warning ? `${link.display}\n\n${link.warning}` : link.display };
}
