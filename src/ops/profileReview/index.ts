//! Capital-profile review (playbook §5–7, operator manual §5): promotion and downgrade of an account's
//! profile from its record since it entered the profile. Pure.
export * from './periodBreaches.ts';
export * from './reviewProfile.ts';
