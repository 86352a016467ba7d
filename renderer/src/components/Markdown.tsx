/**
 * Markdown from packs is untrusted: raw HTML is skipped, images are never loaded (their alt text is shown), and a
 * link opens in the system browser only for http(s) and only after the user confirms.
 */
import ReactMarkdown, { type Components } from 'react-markdown';
import { isSafeExternalUrl } from '../../../shared/links';

export function Markdown({ text, onOpenLink }: { text: string; onOpenLink: (url: string) => void }) {
  const components: Components = {
    img: ({ alt }) => <span className="md-image">[image{alt ? `: ${alt}` : ''} not loaded]</span>,
    a: ({ href, children }) =>
      href && isSafeExternalUrl(href) ? (
        <a
          href={href}
          rel="noopener noreferrer"
          onClick={(e) => {
            e.preventDefault();
            onOpenLink(href);
          }}
          // A middle click would open a new tab without the confirmation: it goes through the same path.
          onAuxClick={(e) => {
            e.preventDefault();
            if (e.button === 1) onOpenLink(href);
          }}
        >
          {children}
        </a>
      ) : (
        <span className="md-link-disabled">{children}</span>
      ),
  };
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
