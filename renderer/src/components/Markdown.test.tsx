import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { Markdown } from './Markdown';

const render = (text: string) => renderToStaticMarkup(<Markdown text={text} onOpenLink={vi.fn()} />);

describe('Markdown from packs', () => {
  it('renders ordinary Markdown', () => {
    expect(render('**PR-AUC** beats `accuracy`\n\n- one\n- two')).toBe(
      '<div class="markdown"><p><strong>PR-AUC</strong> beats <code>accuracy</code></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul></div>',
    );
  });

  it('drops raw HTML, including scripts and event handlers', () => {
    const html = render('before <script>alert(1)</script> <img src=x onerror="alert(2)"> <b onclick="x()">bold</b> after');
    expect(html).not.toMatch(/<script|onerror|onclick|<img|<b /);
    expect(html).toContain('before');
    expect(html).toContain('after');
  });

  it('never loads images: it shows their alt text instead', () => {
    const html = render('![a chart](https://tracker.example/pixel.png)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('[image: a chart not loaded]');
  });

  it('keeps http(s) links clickable and disables every other scheme', () => {
    expect(render('[paper](https://arxiv.org/abs/1706.03762)')).toContain('href="https://arxiv.org/abs/1706.03762"');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi']) {
      const html = render(`[click](${bad})`);
      expect(html).not.toContain('href');
      expect(html).toContain('<span class="md-link-disabled">click</span>');
    }
  });
});
