/**
 * Markdown from packs is untrusted: raw HTML is skipped, images are never loaded (their alt text is shown), and a
 * link opens in the system browser only for http(s) and only after the user confirms.
 */
import ReactMarkdown, { type Components } from 'react-markdown';
import { isSafeExternalUrl } from '../../../shared/links';
import { useApp } from '../store';

export function Markdown({ text }: { text: string }) {
  const openLink = useApp((s) => s.openLink);
  const components: Components = {
    img: ({ alt }) => <span className="md-image">[image{alt ? `: ${alt}` : ''} not loaded]</span>,
    a: ({ href, children }) =>
      href && isSafeExternalUrl(href) ? (
        <a
          href={href}
          rel="noopener noreferrer"
          onClick={(e) => {
            e.preventDefault();
            void openLink(href);
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
