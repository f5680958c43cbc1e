import type { ProfileReviewOutcome } from './profileReviewService.ts';

/** The review as text: one block per account. */
export function formatProfileReviews(outcomes: readonly ProfileReviewOutcome[]): string {
  const lines: string[] = [];
  for (const { account, source, sinceMs, review, applied } of outcomes) {
    const move = review.target !== undefined ? ` → ${review.target}` : '';
    lines.push(`${account}: ${review.profile} (${source}, since ${new Date(sinceMs).toISOString().slice(0, 10)}): ${review.decision}${move}${review.decision === 'DOWNGRADE' ? (review.mandatory ? ' (mandatory)' : ' (to consider)') : ''}`);
    // A KEEP's reasons are its unmet criteria, listed just below.
    if (review.decision !== 'KEEP' || review.criteria.length === 0) for (const reason of review.reasons) lines.push(`  ${reason}`);
    for (const criterion of review.criteria) lines.push(`  [${criterion.met ? 'x' : ' '}] ${criterion.text}`);
    for (const action of applied) lines.push(`  done: ${action}`);
  }
  return lines.join('\n');
}
