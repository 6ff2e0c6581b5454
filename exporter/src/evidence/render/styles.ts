/**
 * The pack's one stylesheet, inline (the document loads nothing). Screen and A4
 * print: each location and each of its parts starts on a new page, tables repeat
 * their header and rows and charts are never split, and RAG badges print in colour
 * (print-color-adjust) while still saying their state in words.
 */
import { RAG_PRINT_COLOURS } from '../../shared/rag.ts';

const rag = (name: keyof typeof RAG_PRINT_COLOURS): string => `.rag-${name}{background:${RAG_PRINT_COLOURS[name].main};color:${RAG_PRINT_COLOURS[name].text}}`;

export const STYLES = `
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1f2328; background: #fff; }
body { margin: 0 auto; max-width: 190mm; padding: 10mm 6mm; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 20pt; margin: 0 0 4mm; }
h2 { font-size: 15pt; margin: 0 0 3mm; border-bottom: 2px solid #1f2328; padding-bottom: 1mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2.5mm; }
.muted { color: #57606a; }
.cover dl { display: grid; grid-template-columns: 48mm 1fr; gap: 1.5mm 4mm; margin: 4mm 0; }
.cover dt { font-weight: 600; }
.cover dd { margin: 0; overflow-wrap: anywhere; }
section.location, section.part { break-before: page; page-break-before: always; }
.summary { font-size: 11.5pt; border-left: 4px solid #1f2328; padding: 2mm 4mm; background: #f6f8fa; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; border-bottom: 1px solid #d0d7de; }
th { background: #eaeef2; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.rag { display: inline-block; border-radius: 8px; padding: 0 2mm; font-weight: 600; white-space: nowrap; border: 1px solid #1f2328; }
${rag('green')} ${rag('amber')} ${rag('red')} ${rag('unknown')}
.rag-suppressed { background: #fff; color: #57606a; border-style: dashed; font-weight: 400; }
figure.chart { margin: 3mm 0 5mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 9pt; color: #57606a; }
.indicator { break-inside: avoid-page; }
.indicator + .indicator { margin-top: 6mm; }
.nodata { border: 1px dashed #57606a; padding: 3mm 4mm; background: #fff; }
.overdue { font-weight: 600; }
ul.notes { margin: 0 0 3mm; padding-left: 5mm; }
@media print {
  body { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  .indicator { break-before: auto; }
}
`;
