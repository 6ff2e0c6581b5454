import type { Cell, Headline } from './model';
import { formatPercent } from './format';

const TRAP_TEXT: Record<string, (login: string, value: string) => string> = {
  task_on_time: (login, value) => `Staff are logging in (${login}) but only ${value} of tasks are recorded on time`,
  task_completion: (login, value) => `Staff are logging in (${login}) but only ${value} of due tasks are recorded`,
};

/**
 * One plain-language line naming the worst finding at a location. The usage trap comes first:
 * logins alone look healthy while care work goes unrecorded, which is what boards must not miss.
 */
export function headlineFor(cells: Cell[], decimals: number): Headline {
  const pct = (value: number) => formatPercent(value, decimals);
  const login = cells.find((cell) => cell.indicator === 'login_coverage');
  const trapped = cells
    .filter(
      (cell) => cell.indicator in TRAP_TEXT && (cell.rag === 'amber' || cell.rag === 'red') && cell.value !== null
    )
    .sort((a, b) => b.severity - a.severity || (a.value ?? 0) - (b.value ?? 0));
  const worstTrap = trapped[0];
  if (login?.rag === 'green' && login.value !== null && worstTrap?.value != null) {
    const text = TRAP_TEXT[worstTrap.indicator]?.(pct(login.value), pct(worstTrap.value)) ?? '';
    return { kind: 'usage_trap', text, rag: worstTrap.rag };
  }

  const failing = cells
    .filter((cell) => cell.rag === 'amber' || cell.rag === 'red')
    .sort((a, b) => b.severity - a.severity || b.shortfall - a.shortfall);
  const worst = failing[0];
  if (worst && worst.value !== null) {
    return { kind: 'below_target', text: belowTargetText(worst, pct), rag: worst.rag };
  }

  const published = cells.filter((cell) => cell.state === 'value');
  if (published.length === 0) {
    const suppressed = cells.filter((cell) => cell.state === 'suppressed').length;
    const text =
      suppressed > 0
        ? `Nothing published: ${suppressed} of ${cells.length} indicators have too few people to publish`
        : 'No indicator values returned for this location';
    return { kind: 'nothing_published', text, rag: 'unknown' };
  }
  const judged = published.filter((cell) => cell.rag === 'green').length;
  const notJudged = cells.length - judged;
  const text =
    notJudged === 0
      ? `All ${judged} indicators on target`
      : `${judged} of ${cells.length} indicators on target, ${notJudged} not judged (suppressed, no data or no target)`;
  return { kind: 'all_on_target', text, rag: judged > 0 ? 'green' : 'unknown' };
}

function belowTargetText(cell: Cell, pct: (value: number) => string): string {
  const value = pct(cell.value ?? 0);
  const lower = cell.direction === 'lower_is_better';
  const side = lower ? 'above' : 'below';
  const { target, critical } = cell.band;
  if (cell.rag === 'red' && critical !== undefined) {
    const targetText = target === undefined ? '' : `, target ${pct(target)}`;
    return `${cell.title} ${value}: ${side} the critical level of ${pct(critical)}${targetText}`;
  }
  return target === undefined
    ? `${cell.title} ${value}: ${cell.rag}`
    : `${cell.title} ${value}: ${side} the ${pct(target)} target`;
}
