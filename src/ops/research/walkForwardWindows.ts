/** One step of a walk-forward: optimise on train, trade the choice on test. Bounds are inclusive bar open times (epoch ms). */
export interface WalkForwardWindow {
  readonly index: number;
  readonly trainFromMs: number;
  readonly trainToMs: number;
  readonly testFromMs: number;
  readonly testToMs: number;
}

/**
 * Consecutive windows over [firstMs, lastMs]: each test window starts where its training window ends
 * and the next step moves by one test length, so the test windows tile the data without overlap.
 * Rolling windows keep the training length; anchored ones always train from the first bar. The last
 * test window may be shorter than the others.
 */
export function walkForwardWindows(firstMs: number, lastMs: number, trainMs: number, testMs: number, anchored: boolean): WalkForwardWindow[] {
  const windows: WalkForwardWindow[] = [];
  for (let testFromMs = firstMs + trainMs; testFromMs <= lastMs; testFromMs += testMs) {
    windows.push({
      index: windows.length,
      trainFromMs: anchored ? firstMs : testFromMs - trainMs,
      trainToMs: testFromMs - 1,
      testFromMs,
      testToMs: Math.min(lastMs, testFromMs + testMs - 1),
    });
  }
  return windows;
}
