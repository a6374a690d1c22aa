import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMETHEUS_DIR, readYaml } from './support/files.js';

/** promtool (Debian's prometheus package) on the shipped Prometheus files. */

function promtool(...args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync('promtool', args, { cwd: PROMETHEUS_DIR, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

const ruleFiles = readdirSync(join(PROMETHEUS_DIR, 'rules')).map((f) => join('rules', f));

describe('Prometheus files', () => {
  it('prometheus.yml passes promtool check config, rule files included', () => {
    const result = promtool('check', 'config', 'prometheus.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
    expect(result.output).toContain(`${ruleFiles.length} rule files found`);
  });

  it('the rule files pass promtool check rules', () => {
    const result = promtool('check', 'rules', ...ruleFiles);
    expect(result.code, result.output).toBe(0);
  });

  it('the alert rules pass their unit tests (promtool test rules)', () => {
    const result = promtool('test', 'rules', 'tests/sensorplus-alerts.test.yml');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  it('every alert has a unit test and severity, summary, description and runbook', () => {
    const alerts = ruleFiles.flatMap((f) =>
      readYaml<{ groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }> }>(
        join(PROMETHEUS_DIR, f),
      ).groups.flatMap((g) => g.rules.filter((r) => r.alert)),
    );
    const tests = readYaml<{ tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }> }>(
      join(PROMETHEUS_DIR, 'tests/sensorplus-alerts.test.yml'),
    ).tests.flatMap((t) => t.alert_rule_test ?? []);
    const firingTests = new Set(tests.filter((t) => t.exp_alerts.length > 0).map((t) => t.alertname));
    expect(alerts.length).toBeGreaterThanOrEqual(8);
    for (const alert of alerts) {
      expect({ alert: alert.alert, tested: firingTests.has(alert.alert!) }).toEqual({ alert: alert.alert, tested: true });
      expect(['critical', 'warning', 'info']).toContain(alert.labels?.severity);
      for (const key of ['summary', 'description', 'runbook']) expect(alert.annotations?.[key]?.length ?? 0).toBeGreaterThan(10);
    }
  });

  it('a broken rule is refused (the check can fail)', () => {
    const result = promtool('check', 'rules', join(PROMETHEUS_DIR, '../test/support/broken-rules.yml'));
    expect(result.code).not.toBe(0);
  });
});
