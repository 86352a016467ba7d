/** Links name the host they really go to, whatever a pack's author puts before it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeLink, isSafeExternalUrl, linkConfirmation } from '../../shared/links';

describe('describeLink', () => {
  it('names the real host of a link that puts another name before an @', () => {
    const link = describeLink('https://trusted.example@evil.example/');
    expect(link).toMatchObject({ ok: true, host: 'evil.example', display: 'https://trusted.example@evil.example/', userinfo: 'trusted.example@' });
    expect(link.warning).toContain('This link hides its destination behind “trusted.example@”');
    const { message, detail } = linkConfirmation('https://trusted.example@evil.example/');
    expect(message).toBe('Open a page on evil.example?');
    expect(message).not.toContain('trusted');
    expect(detail.split('\n\n')).toEqual(['https://trusted.example@evil.example/', link.warning]);
  });

  it('flags a password too, and an empty user name with a password', () => {
    expect(describeLink('https://trusted.example:secret@evil.example/x')).toMatchObject({ host: 'evil.example', userinfo: 'trusted.example:secret@' });
    expect(describeLink('https://:pw@evil.example/')).toMatchObject({ host: 'evil.example', userinfo: ':pw@' });
    // An @ with nothing before it is dropped by the parser: nothing is hidden.
    expect(describeLink('https://@evil.example/')).toMatchObject({ host: 'evil.example', display: 'https://evil.example/', userinfo: null, warning: null });
  });

  it('reads a backslash as the parser does: the host is what comes before it', () => {
    expect(describeLink('http://trusted.example\\@evil.example/')).toMatchObject({ host: 'trusted.example', display: 'http://trusted.example/@evil.example/', userinfo: null });
  });

  it('shows international names in their xn-- form, as the URL parser gives them', () => {
    expect(describeLink('https://exämple.com/path')).toMatchObject({ ok: true, host: 'xn--exmple-cua.com', display: 'https://xn--exmple-cua.com/path' });
    // Cyrillic "а" in place of Latin "a": the look-alike is shown as the different name it is.
    expect(linkConfirmation('https://\u0430pple.com/').message).toBe('Open a page on xn--pple-43d.com?');
    expect(describeLink('https://xn--exmple-cua.com/').host).toBe('xn--exmple-cua.com');
  });

  it('keeps a port that is not the default and drops one that is; lowercases the host', () => {
    expect(describeLink('https://Example.COM:8443/a').host).toBe('example.com:8443');
    expect(describeLink('https://example.com:443/').host).toBe('example.com');
    expect(describeLink('http://example.com:80/').host).toBe('example.com');
    expect(linkConfirmation('http://127.0.0.1:5173/beacon').message).toBe('Open a page on 127.0.0.1:5173?');
  });

  it('brackets IPv6 hosts', () => {
    expect(describeLink('http://[::1]:8080/')).toMatchObject({ ok: true, host: '[::1]:8080' });
    expect(describeLink('https://[2001:DB8::1]/')).toMatchObject({ ok: true, host: '[2001:db8::1]' });
  });

  it('refuses javascript:, in any case and with leading spaces or controls', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\u0001javascript:alert(1)', 'java\tscript:alert(1)']) {
      expect(describeLink(url), url).toMatchObject({ ok: false, host: '' });
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses data:, file: and other schemes', () => {
    for (const url of ['data:text/html,<script>alert(1)</script>', 'DATA:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', 'vbscript:x', 'blob:https://a.example/1', 'ftp://a.example/']) {
      expect(describeLink(url).ok, url).toBe(false);
    }
  });

  it('does not decode entity-like text: jav&#x61;script: is not a URL at all, and &#64; in a path hides nothing', () => {
    for (const url of ['jav&#x61;script:alert(1)', 'javascript&#58;alert(1)', 'https&#58;//evil.example/', '&#104;ttps://evil.example/']) {
      expect(describeLink(url), url).toEqual({ ok: false, host: '', display: url, userinfo: null, warning: null });
    }
    expect(describeLink('https://evil.example/&#64;trusted.example')).toMatchObject({ ok: true, host: 'evil.example', userinfo: null });
    // No @ at all: the # starts a fragment, so the host is what comes before it, and that is what is named.
    expect(describeLink('https://trusted.example&#64;evil.example/')).toMatchObject({ host: 'trusted.example&', display: 'https://trusted.example&/#64;evil.example/', userinfo: null });
  });

  it('never throws, and says nothing of a host for text that is not a URL', () => {
    for (const url of ['', 'not a url', '//evil.example/', 'https://', 'http://exa mple.com/']) {
      expect(describeLink(url)).toMatchObject({ ok: false, host: '' });
    }
    expect(linkConfirmation('not a url').message).toBe('Open this link?');
  });

  it('for any http(s) URL, the question names exactly the parsed host and never the user name', () => {
    fc.assert(
      fc.property(fc.webUrl({ authoritySettings: { withUserInfo: true, withPort: true, withIPv4: true, withIPv6: true } }), (url) => {
        const u = new URL(url);
        const { message } = linkConfirmation(url);
        expect(message).toBe(`Open a page on ${u.host}?`);
        const link = describeLink(url);
        expect(link.ok).toBe(true);
        expect(link.warning !== null).toBe(u.username !== '' || u.password !== '');
      }),
    );
  });
});
