// What interfaces use from below app. An interface imports only app (the architecture fence in
// test/architecture), so the few domain, risk and ops pieces a command needs itself (the error classes it
// tells apart, the parsers of operator input, the tables it prints) reach it through here, where app
// decides what it offers.
export { InputError } from '../domain/errors/inputError.ts';
export { OperationFailedError } from '../domain/errors/operationFailedError.ts';
export { LockLostError } from '../domain/errors/lockLostError.ts';
export { durationToMs, timeframeToMs } from '../domain/market/timeframe.ts';
export { describeCriterion } from '../ops/scaleRules/criterion.ts';
export { formatProfilesTable } from '../risk/index.ts';
