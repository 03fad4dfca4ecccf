import { linkify } from './feed-words';

/** A piece of a chat message: text, a link, or a link to a deal's card named by the deal. */
export interface ChatPart {
  readonly text: string;
  readonly href?: string;
  /** Set when the link leads to a deal's card that the page's `deals` map names. */
  readonly dealId?: string;
}

const DEAL_LINK =
  /\/deals\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=$|[/?#])/i;

/**
 * A chat message's plain text cut into pieces for a template to show as text or links: a link to
 * a deal's card (…/deals/{id}) that `deals` names becomes the deal's name, opening the card in
 * the app. Nothing is ever parsed as HTML.
 */
export function chatParts(text: string, deals: Readonly<Record<string, string>>): ChatPart[] {
  return linkify(text).map((part) => {
    const id = part.href ? DEAL_LINK.exec(part.href)?.[1]?.toLowerCase() : undefined;
    const name = id ? deals[id] : undefined;
    return id && name ? { text: name, href: part.href, dealId: id } : part;
  });
}
