import type { CapitalProfile } from './capitalProfile.ts';
import { PRESET_PROFILES } from './presets.ts';

const COLUMNS: ReadonlyArray<{ title: string; cell: (profile: CapitalProfile) => string }> = [
  { title: 'profile', cell: (p) => p.name },
  { title: 'daily DD', cell: (p) => percent(p.dailyDrawdownPct) },
  { title: 'weekly DD', cell: (p) => percent(p.weeklyDrawdownPct) },
  { title: 'risk/trade', cell: (p) => percent(p.riskPerTradePct) },
  { title: 'max positions', cell: (p) => (p.maxPositions === undefined ? '-' : String(p.maxPositions)) },
  { title: 'max leverage', cell: (p) => `${p.maxLeverage}x` },
  { title: 'max notional/symbol', cell: (p) => (p.maxPositionNotional === undefined ? '-' : `$${p.maxPositionNotional.toLocaleString('en-US')}`) },
  { title: 'strategies', cell: strategies },
];

/** A plain-text table of capital profiles (the presets unless given), one row each; '-' means no limit. */
export function formatProfilesTable(profiles: readonly CapitalProfile[] = PRESET_PROFILES): string {
  const rows = [COLUMNS.map((column) => column.title), ...profiles.map((profile) => COLUMNS.map((column) => column.cell(profile)))];
  const widths = COLUMNS.map((_, index) => Math.max(...rows.map((row) => row[index].length)));
  const lines = rows.map((row) => row.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return `${lines.join('\n')}\n`;
}

function percent(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(1)}%`;
}

function strategies(profile: CapitalProfile): string {
  const allowed = profile.allowedStrategies.length === 0 ? 'all' : profile.allowedStrategies.join(',');
  return profile.deniedStrategies.length === 0 ? allowed : `${allowed} except ${profile.deniedStrategies.join(',')}`;
}
