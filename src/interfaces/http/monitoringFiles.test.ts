import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { ControlSurface } from '../../app/services/controlSurface.ts';
import { r1Config, ManualClock } from '../../../test/fixtures/paper/paperFixture.ts';
import { MetricsRegistry } from './metricsRegistry.ts';

const ROOT = new URL('../../../', import.meta.url);
/** PromQL functions, operators and keywords the shipped files use: every other identifier is a metric. */
const PROMQL_WORDS = new Set(['sum', 'rate', 'increase', 'clamp_min', 'histogram_quantile', 'time', 'and', 'or', 'unless', 'by', 'without', 'max', 'min', 'avg', 'count', 'abs', 'on', 'ignoring']);
/** Series Prometheus itself makes for every scrape target. */
const PROMETHEUS_SERIES = new Set(['up']);

/** Metric names an expression reads: label matchers, ranges, groupings, strings and numbers removed. */
export function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
    .replace(/\b\d+(\.\d+)?(e-?\d+)?\b/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((match) => match[0]).filter((word) => !PROMQL_WORDS.has(word));
}

async function exportedNames(): Promise<Set<string>> {
  const { loaded, dir } = r1Config();
  const store = await SqliteTradeStore.open({ path: join(dir, 'metrics.sqlite') });
  try {
    const registry = new MetricsRegistry(new ControlSurface({ loaded, store, clock: new ManualClock(Date.parse('2024-01-03T00:00:00Z')), env: {}, adminActor: 't' }));
    const names = new Set<string>();
    for (const [, name, type] of (await registry.scrape()).matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      names.add(name as string);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    }
    return names;
  } finally {
    await store.close();
  }
}

function rulesExpressions(): string[] {
  const rules = parse(readFileSync(new URL('deploy/prometheus/rampart.rules.yml', ROOT), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  return rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr));
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(new URL('deploy/grafana/risk-and-resilience.json', ROOT), 'utf8')) as { title: string; panels: Array<{ targets: Array<{ expr: string }> }> };
  assert.equal(dashboard.title, 'Risk & Resilience');
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}

describe('shipped monitoring files', () => {
  test('read only metrics that /metrics exports (the files cannot drift from the code)', async () => {
    const exported = await exportedNames();
    for (const [file, expressions] of [['rampart.rules.yml', rulesExpressions()], ['risk-and-resilience.json', dashboardExpressions()]] as const) {
      assert.ok(expressions.length >= 8, `${file} has its rules or panels`);
      for (const expr of expressions) {
        const names = metricNamesOf(expr);
        assert.ok(names.length > 0, `${file}: "${expr}" reads a metric`);
        for (const name of names) assert.ok(exported.has(name) || PROMETHEUS_SERIES.has(name), `${file}: "${expr}" reads ${name}, which /metrics does not export`);
      }
    }
  });

  // CI installs Debian's prometheus package for promtool (DEPENDENCIES.md); without it the check is skipped, and says so.
  const promtool = spawnSync('promtool', ['--version']).status === 0;
  test('promtool accepts the rules and the scrape example', { skip: promtool ? false : 'promtool is not installed (apt-get install prometheus)' }, () => {
    const dir = fileURLToPath(new URL('deploy/prometheus/', ROOT));
    assert.match(execFileSync('promtool', ['check', 'rules', 'rampart.rules.yml'], { cwd: dir, encoding: 'utf8' }), /SUCCESS: \d+ rules found/);
    assert.match(execFileSync('promtool', ['check', 'config', 'prometheus.yml'], { cwd: dir, encoding: 'utf8' }), /valid prometheus config/);
  });

  test('the name extraction sees through label matchers, ranges and groupings', () => {
    assert.deepEqual(metricNamesOf('sum by (account) (rate(risk_gate_decisions_total{decision="blocked"}[5m])) / clamp_min(x_total, 1e-9) > 0.3'), ['risk_gate_decisions_total', 'x_total']);
  });

  test('carry the operator manual\'s three alerts and the eight panels', () => {
    const rules = parse(readFileSync(new URL('deploy/prometheus/rampart.rules.yml', ROOT), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> };
    const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert));
    for (const alert of ['ESSTriggered', 'HighRiskGateBlockRate', 'ExchangeFailover']) assert.ok(alerts.includes(alert), `${alert} is shipped`);
    assert.ok(dashboardExpressions().length >= 8);
  });
});
