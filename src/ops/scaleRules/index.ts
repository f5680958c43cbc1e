//! Capital ladder and scale rules: the stages an account climbs from paper to full capital, judged
//! on figures from its record (R1 SOP §2–4). Pure: the figures come in, verdicts go out.
export * from './criterion.ts';
export * from './capitalLadder.ts';
