/** 0.955 -> "96%" (decimals 0) or "95.5%" (decimals 1). */
export function formatPercent(ratio: number, decimals: number): string {
  return `${(ratio * 100).toFixed(clampDecimals(decimals))}%`;
}

/** Change in percentage points: "+3 pts", "−2 pts", "no change". */
export function formatChange(delta: number, decimals: number): string {
  const points = Number((delta * 100).toFixed(clampDecimals(decimals)));
  if (points === 0) {
    return 'no change';
  }
  const magnitude = Math.abs(points).toFixed(clampDecimals(decimals));
  return `${points > 0 ? '+' : '\u2212'}${magnitude} pts`;
}

function clampDecimals(decimals: number): number {
  return Number.isInteger(decimals) && decimals >= 0 && decimals <= 4 ? decimals : 0;
}

/** RAG words, shared with the evidence pack (exporter/src/shared/rag.ts). */
export { RAG_LABEL, ragLabel } from '../../../exporter/src/shared/rag';
