/** Small HTML builders shared by the pack's sections; every text goes through escapeHtml. */
import { escapeHtml } from '../format.ts';
import { RAG_GLYPH, ragLabel, type Rag } from '../../shared/rag.ts';

export { escapeHtml };

export interface Column<Row> {
  head: string;
  cell: (row: Row) => string;
  /** Right-aligned numbers. */
  num?: boolean;
}

/** A table; cells are HTML (callers escape text with escapeHtml or use badge()). */
export function table<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>, options: { className?: string } = {}): string {
  const cls = (column: Column<Row>) => (column.num ? ' class="num"' : '');
  const head = columns.map((column) => `<th${cls(column)}>${escapeHtml(column.head)}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((column) => `<td${cls(column)}>${column.cell(row)}</td>`).join('')}</tr>`).join('\n');
  return `<table${options.className ? ` class="${options.className}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A RAG badge: colour, glyph and words (so greyscale print still says it). */
export function badge(rag: Rag, lowerIsBetter = false): string {
  return `<span class="rag rag-${rag}" data-rag="${rag}">${RAG_GLYPH[rag]} ${escapeHtml(ragLabel(rag, lowerIsBetter))}</span>`;
}

export function suppressedBadge(minCohort: number): string {
  return `<span class="rag rag-suppressed" data-rag="suppressed">Suppressed: fewer than ${minCohort} items</span>`;
}

/** An honest empty state instead of an empty table or chart. */
export const noData = (text: string): string => `<p class="nodata">${escapeHtml(text)}</p>`;

export const part = (id: string, title: string, body: string): string => `<section class="part" id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
