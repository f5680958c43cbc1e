import type { IncidentMetrics } from './incidentMetrics.ts';
import type { TimelineEntry } from './incidentTimeline.ts';

/** Marks what the operator must write before `incident close` accepts the post-mortem. */
export const TO_FILL = '[TO FILL]';

export interface PostmortemInput {
  readonly id: string;
  readonly account: string;
  readonly trigger: string;
  readonly reason: string;
  readonly severity: string;
  readonly openedAtMs: number;
  readonly timeline: readonly TimelineEntry[];
  readonly before: IncidentMetrics;
  readonly after: IncidentMetrics;
  /** What the snapshot holds, one line each (files, or "venue not read: …"). */
  readonly snapshotNotes: readonly string[];
}

const utc = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const figure = (value: number, digits: number, unit = ''): string => (Number.isFinite(value) ? `${value.toFixed(digits)}${unit}` : 'n/a');
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The R1 SOP's post-mortem template (§6) with what the store knows filled in: trigger, timeline,
 * metrics before the trigger and at the snapshot. Root cause, lessons and the restart decision are
 * left as TO_FILL for the operator; `incident close` refuses while they are.
 */
export function renderPostmortem(input: PostmortemInput): string {
  const rows = input.timeline.length === 0 ? ['| — | no stored event in the window |'] : input.timeline.map((entry) => `| ${utc(entry.atMs)} | ${cell(entry.event)} |`);
  return [
    `# Post-Mortem: ${input.id} ${utc(input.openedAtMs).slice(0, 10)}`,
    '',
    '## Summary',
    `- **Account:** ${input.account}`,
    `- **Trigger:** ${input.trigger}: ${cell(input.reason)}`,
    `- **Duration:** ${utc(input.openedAtMs)} UTC → (open)`,
    `- **Impact:** equity ${figure(input.before.equity, 2)} before → ${figure(input.after.equity, 2)} at the snapshot (${Number.isFinite(input.before.equity) && Number.isFinite(input.after.equity) ? figure(input.after.equity - input.before.equity, 2) : 'n/a'})`,
    `- **Severity:** ${input.severity}`,
    '',
    '## Timeline',
    '| Time (UTC) | Event |',
    '|------------|-------|',
    ...rows,
    '',
    '## Snapshot',
    ...input.snapshotNotes.map((note) => `- ${note}`),
    '',
    '## Root Cause',
    TO_FILL,
    '',
    '## What Went Well',
    `- ${TO_FILL}`,
    '',
    '## What Went Wrong',
    `- ${TO_FILL}`,
    '',
    '## Action Items',
    '| Item | Owner | Due Date | Status |',
    '|------|-------|----------|--------|',
    `| ${TO_FILL} | | | [ ] |`,
    '',
    '## Metrics Before/After',
    '| Metric | Before Incident | At Snapshot |',
    '|--------|:--:|:--:|',
    `| Account Balance | ${figure(input.before.equity, 2)} | ${figure(input.after.equity, 2)} |`,
    `| Running MDD | ${figure(input.before.runningMaxDrawdownPct, 2, ' %')} | ${figure(input.after.runningMaxDrawdownPct, 2, ' %')} |`,
    `| 20D Sharpe | ${figure(input.before.sharpe20d, 2)} | ${figure(input.after.sharpe20d, 2)} |`,
    '',
    '## Restart Decision',
    `- **Decision:** ${TO_FILL} (RESTART at stage N, or STAY HALTED, with why)`,
    '- [ ] Root cause fixed',
    '- [ ] Tests passed',
    '- [ ] Launch guard: ALLOW_LAUNCH',
    '- [ ] Team sign-off: [Name 1], [Name 2]',
    '- [ ] Restart stage: [Stage N at $Xk]',
    '',
  ].join('\n');
}

/** The text under a `## heading` up to the next `## `, trimmed ('' when the section is missing). */
export function postmortemSection(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n').trim();
}

/**
 * What the post-mortem still lacks before the incident may close: a root cause written, and a restart
 * decision (the Decision line) filled in. Empty when it may close.
 */
export function missingBeforeClose(markdown: string): string[] {
  const missing: string[] = [];
  const rootCause = postmortemSection(markdown, 'Root Cause');
  if (rootCause === undefined) missing.push('the "## Root Cause" section is missing');
  else if (rootCause === '' || rootCause.includes(TO_FILL)) missing.push(`"## Root Cause" is not filled in (replace ${TO_FILL} with the cause)`);
  const restart = postmortemSection(markdown, 'Restart Decision');
  if (restart === undefined) missing.push('the "## Restart Decision" section is missing');
  else {
    const decision = /^- \*\*Decision:\*\*(.*)$/m.exec(restart)?.[1]?.trim() ?? '';
    if (decision === '' || decision.includes(TO_FILL)) missing.push(`"## Restart Decision" has no decision (write it on the "- **Decision:**" line in place of ${TO_FILL})`);
  }
  return missing;
}
