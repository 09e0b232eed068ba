/**
 * The statute reference set as parsed from reference/laws: internal reference data, read from the
 * shipped files on every start and never stored or exchanged (so not a record in schemas/).
 */

/** One article: its 款 (paragraphs, each with its text and 项 items) and where it stands. */
export interface StatuteArticle {
  number: number;
  chapter: string | null;
  section: string | null;
  /** The article's text without its 第X条 heading, one line per paragraph or item. */
  text: string;
  /** 款: each paragraph's text (its items included) and its 项 (items). */
  paragraphs: { text: string; items: string[] }[];
}

/** A statute of the reference set: names, edition and articles. */
export interface Statute {
  /** The normalized title, as citations name it (社会保险法). */
  name: string;
  /** The title as published (中华人民共和国社会保险法). */
  fullName: string;
  /** The edition's date (YYYY-MM-DD) from the file name, when given. */
  edition: string | null;
  articles: StatuteArticle[];
}
