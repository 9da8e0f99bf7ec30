// What a reader sees of Markdown, rendered by a CommonMark renderer (markdown-it): for the tests of the escaping
// that hovers, completion and tooltips go through.
import MarkdownIt from 'markdown-it';

/** The renderer, configured as VS Code's (HTML allowed, bare URLs linked). */
export const md = new MarkdownIt({ html: true, linkify: true });

/** Decodes the entities markdown-it writes. */
const decoded = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The text of rendered Markdown: tags dropped, entities decoded. */
export function shownText(markdown: string): string {
  return decoded(md.render(markdown).replace(/<[^>]*>/g, '')).trim();
}

/** The text of each inline code span of rendered Markdown. */
export function codeSpanTexts(markdown: string): string[] {
  return [...md.renderInline(markdown).matchAll(/<code>(.*?)<\/code>/g)].map((m) => decoded(m[1]));
}
