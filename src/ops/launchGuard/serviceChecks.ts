import type { LaunchCheck } from './launchChecks.ts';

/** An HTTP endpoint preflight asked: `error` null when it answered 2xx. */
export interface EndpointObservation {
  readonly url: string;
  readonly error: string | null;
}

/**
 * The operator manual's service checks (§7): the health endpoint and metrics answer, the stress
 * scenarios are registered. Each is judged only where the go-live file names it; otherwise it reads as
 * WARN "not configured", so a deployment without them sees the gap instead of a silent pass.
 */
export interface ServiceObservations {
  readonly health: EndpointObservation | undefined;
  readonly metrics: EndpointObservation | undefined;
  /** Required scenario names, and those registered (undefined: this build has no scenario registry). */
  readonly stressScenarios: { readonly required: readonly string[]; readonly registered: readonly string[] | undefined } | undefined;
}

export function evaluateServiceChecks(observed: ServiceObservations): LaunchCheck[] {
  const notConfigured = (name: string, key: string): LaunchCheck => ({ name, severity: 'soft', scope: 'account', ok: false, detail: `not configured (${key} in the go-live file)` });
  const endpoint = (name: string, key: string, seen: EndpointObservation | undefined): LaunchCheck =>
    seen === undefined ? notConfigured(name, key) : { name, severity: 'hard', scope: 'account', ok: seen.error === null, detail: seen.error === null ? `${seen.url} answered` : `${seen.url}: ${seen.error}` };
  const checks = [endpoint('health endpoint reachable', 'healthUrl', observed.health), endpoint('metrics reachable', 'metricsUrl', observed.metrics)];
  const stress = observed.stressScenarios;
  if (stress === undefined || stress.required.length === 0) {
    checks.push(notConfigured('stress scenarios registered', 'stressScenarios'));
  } else if (stress.registered === undefined) {
    checks.push({ name: 'stress scenarios registered', severity: 'hard', scope: 'account', ok: false, detail: `${stress.required.join(', ')} required, but this build has no stress-scenario registry` });
  } else {
    const missing = stress.required.filter((scenario) => !stress.registered?.includes(scenario));
    checks.push({ name: 'stress scenarios registered', severity: 'hard', scope: 'account', ok: missing.length === 0, detail: missing.length === 0 ? `${stress.required.length} registered` : `not registered: ${missing.join(', ')}` });
  }
  return checks;
}
