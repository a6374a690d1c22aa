import { BRIDGE_ALERT_GROUPS, type AlertCondition, type BridgeAlert } from './bridge-alerts.js';
import type { Severity } from './model.js';

/** The bridge alerts as a Prometheus rule file (prometheus/rules/sensorplus-alerts.yml). */

export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: Severity };
  annotations: { summary: string; description: string; runbook: string };
}

export interface PrometheusRulesFile {
  groups: Array<{ name: string; rules: PrometheusAlertingRule[] }>;
}

/** The value of an alert instance in Prometheus annotation templates. */
const VALUE = '$value';

function expression(query: string, condition: AlertCondition): string {
  return 'above' in condition ? `${query} > ${condition.above}` : `${query} < ${condition.below}`;
}

function alertingRule(alert: BridgeAlert): PrometheusAlertingRule {
  return {
    alert: alert.name,
    expr: expression(alert.query, alert.condition),
    for: alert.for,
    labels: { severity: alert.severity },
    annotations: { summary: alert.summary(VALUE), description: alert.description, runbook: alert.runbook },
  };
}

export function prometheusAlertRules(): PrometheusRulesFile {
  return { groups: BRIDGE_ALERT_GROUPS.map((group) => ({ name: group.name, rules: group.alerts.map(alertingRule) })) };
}
