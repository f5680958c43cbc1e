import { InputError } from '../../domain/errors/inputError.ts';
import { capitalProfileSchema, type CapitalProfile, type CapitalProfileInput } from './capitalProfile.ts';
import { MOST_CAUTIOUS_PROFILE_NAME, PRESET_PROFILES } from './presets.ts';

/**
 * The profile for a name or an inline custom profile. `undefined` gives the most cautious preset.
 * Names are looked up in `customProfiles` first, then in the presets (case-sensitive: 'micro' and
 * 'MICRO' are different profiles). Throws InputError naming the value when it does not resolve.
 */
export function resolveProfile(
  nameOrCustom: string | CapitalProfileInput | undefined,
  customProfiles: Readonly<Record<string, CapitalProfile>> = {},
  keyPath = 'profile',
): CapitalProfile {
  if (nameOrCustom === undefined) return presetNamed(MOST_CAUTIOUS_PROFILE_NAME);
  if (typeof nameOrCustom === 'string') {
    const custom = Object.hasOwn(customProfiles, nameOrCustom) ? customProfiles[nameOrCustom] : undefined;
    const found = custom ?? PRESET_PROFILES.find((profile) => profile.name === nameOrCustom);
    if (found === undefined) {
      const known = [...Object.keys(customProfiles), ...PRESET_PROFILES.map((profile) => profile.name)].join(', ');
      throw new InputError(`${keyPath} must name a capital profile (${known}), was ${JSON.stringify(nameOrCustom)}`, {
        keyPath,
        value: nameOrCustom,
      });
    }
    return found;
  }
  const parsed = capitalProfileSchema.safeParse(nameOrCustom);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [keyPath, ...issue.path.map(String)].join('.');
    throw new InputError(`${path}: ${issue.message}`, { keyPath: path, value: nameOrCustom });
  }
  return parsed.data;
}

function presetNamed(name: string): CapitalProfile {
  const profile = PRESET_PROFILES.find((each) => each.name === name);
  if (profile === undefined) throw new Error(`preset profile ${name} is missing from PRESET_PROFILES`);
  return profile;
}
