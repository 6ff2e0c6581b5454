// Browser-side checks, run with page.evaluate (plain functions, no closures over Node values).

/** Smallest computed font size of visible text under the panel, and up to 5 offenders below `min`. */
export function textSizes(min) {
  const panel = document.querySelector('[data-testid="ecm-adoption-panel"]');
  if (!panel) {
    return { count: 0, smallest: 0, offenders: ['no panel'] };
  }
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  let smallest = Infinity;
  let count = 0;
  const offenders = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const parent = node.parentElement;
    if (!text || !parent) {
      continue;
    }
    const box = parent.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) {
      continue;
    }
    const size = parseFloat(getComputedStyle(parent).fontSize);
    count++;
    smallest = Math.min(smallest, size);
    if (size < min && offenders.length < 5) {
      offenders.push(`${size}px "${text.slice(0, 40)}"`);
    }
  }
  return { count, smallest, offenders };
}
