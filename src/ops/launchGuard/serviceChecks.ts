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
  /**
   * The stress-scenario registry the go-live file names (`stressScenariosFile`) and the scenario names
   * it requires; `registered` undefined when the file is missing or invalid (`error` says why).
   */
  readonly stressScenarios: { readonly required: readonly string[]; readonly file: string; readonly registered: readonly string[] | undefined; readonly error?: string } | undefined;
}

export function evaluateServiceChecks(observed: ServiceObservations): LaunchCheck[] {
  const notConfigured = (name: string, key: string): LaunchCheck => ({ name, severity: 'soft', scope: 'account', ok: false, detail: `not configured (${key} in the go-live file)` });
  const endpoint = (name: string, key: string, seen: EndpointObservation | undefined): LaunchCheck =>
    seen === undefined ? notConfigured(name, key) : { name, severity: 'hard', scope: 'account', ok: seen.error === null, detail: seen.error === null ? `${seen.url} answered` : `${seen.url}: ${seen.error}` };
  const checks = [endpoint('health endpoint reachable', 'healthUrl', observed.health), endpoint('metrics reachable', 'metricsUrl', observed.metrics)];
  const stress = observed.stressScenarios;
  if (stress === undefined) {
    checks.push(notConfigured('stress scenarios registered', 'stressScenariosFile'));
  } else if (stress.registered === undefined) {
    checks.push({ name: 'stress scenarios registered', severity: 'hard', scope: 'account', ok: false, detail: `${stress.file}: ${stress.error ?? 'not readable'}` });
  } else {
    const missing = stress.required.filter((scenario) => !stress.registered?.includes(scenario));
    const ok = missing.length === 0 && stress.registered.length > 0;
    checks.push({ name: 'stress scenarios registered', severity: 'hard', scope: 'account', ok, detail: ok ? `${stress.registered.length} registered in ${stress.file}${stress.required.length > 0 ? ` (${stress.required.length} required)` : ''}` : missing.length > 0 ? `not registered in ${stress.file}: ${missing.join(', ')}` : `${stress.file} registers no scenario` });
  }
  return checks;
}
