/**
 * The largest quantity in [0, asked] that `passes`, for a limit that is monotone in the quantity
 * (passes at q implies passes below q): `asked` when it passes, 0 when even 0 fails, else found by
 * bisection to within 1e-10 of `asked`. The result itself always passes (or is 0).
 */
export function largestPassing(asked: number, passes: (quantity: number) => boolean): number {
  if (passes(asked)) return asked;
  if (!passes(0)) return 0;
  let low = 0;
  let high = asked;
  // 34 halvings take the bracket below 1e-10 of the asked size: far under any venue's lot step.
  for (let i = 0; i < 34; i++) {
    const middle = (low + high) / 2;
    if (passes(middle)) low = middle;
    else high = middle;
  }
  return low;
}
