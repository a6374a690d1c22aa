import { describe, expect, it } from 'vitest';
import { loadProfiles, SHIPPED_PROFILES_DIR } from '../profiles/index.js';
import { IngestTokens } from './ingest-tokens.js';

const profiles = loadProfiles(SHIPPED_PROFILES_DIR);
const PROFILE_TOKEN = 'profile-token-0123456789';
const PLUG_TOKEN = 'plug-7-token-0123456789';
const OTHER_TOKEN = 'plug-8-token-0123456789';

function read(env: string, file = '') {
  return IngestTokens.read(
    [
      { name: 'INGEST_TOKENS', text: env },
      { name: 'INGEST_TOKENS_FILE', text: file },
    ],
    profiles,
  );
}

describe('ingest tokens', () => {
  const { tokens, problems } = read(`multiplug:${PROFILE_TOKEN}, multiplug/plug-7:${PLUG_TOKEN}`, `# devices\nmultiplug/plug-8:${OTHER_TOKEN}  # the spare\n\n`);

  it('reads entries from the variable and the file', () => {
    expect(problems).toEqual([]);
  });

  it('lets a profile token post for any device and a device token for its device only', () => {
    expect(tokens.authorise('multiplug', PROFILE_TOKEN, { device: 'plug-1' })).toEqual({ ok: true });
    expect(tokens.authorise('multiplug', PLUG_TOKEN, { device: 'plug-7' })).toEqual({ ok: true });
    expect(tokens.authorise('multiplug', OTHER_TOKEN, { device: 'plug-8' })).toEqual({ ok: true });
    expect(tokens.authorise('multiplug', PLUG_TOKEN, { device: 'plug-8' })).toMatchObject({ ok: false, status: 403, message: expect.stringContaining('plug-8') });
    // A repeated parameter names no single device.
    expect(tokens.authorise('multiplug', PLUG_TOKEN, { device: ['plug-7', 'plug-8'] })).toMatchObject({ status: 403 });
  });

  it('tells a missing or unknown token (401) from one for another route (403)', () => {
    expect(tokens.authorise('multiplug', undefined, {})).toMatchObject({ status: 401, message: expect.stringContaining('Bearer') });
    expect(tokens.authorise('multiplug', 'wrong-token-0123456789', { device: 'plug-7' })).toMatchObject({ status: 401 });
    expect(tokens.authorise('elsewhere', PROFILE_TOKEN, {})).toMatchObject({ status: 403 });
  });

  it('names the place of a bad entry, never its token', () => {
    const secret = 'short';
    const bad = read(`multiplug:${secret},nowhere:${PROFILE_TOKEN},multiplug/bad id:${PROFILE_TOKEN}`, `multiplug\n`).problems;
    expect(bad).toEqual([
      expect.stringMatching(/^INGEST_TOKENS entry 1: "multiplug": expected/),
      expect.stringMatching(/^INGEST_TOKENS entry 2: "nowhere": no profile has the route "nowhere" \(routes: multiplug\)/),
      expect.stringMatching(/^INGEST_TOKENS entry 3: .*not a valid device id/),
      expect.stringMatching(/^INGEST_TOKENS_FILE line 1: "multiplug": expected/),
    ]);
    expect(bad.join('\n')).not.toContain(secret);
    expect(bad.join('\n')).not.toContain(PROFILE_TOKEN);
  });

  it('refuses a device token where the device is read from the body', () => {
    const bodyDevice = { ...profiles.find((p) => p.route === 'multiplug')!, tags: [] };
    const { problems: found } = IngestTokens.read([{ name: 'INGEST_TOKENS', text: `multiplug/plug-7:${PLUG_TOKEN}` }], [bodyDevice]);
    expect(found).toEqual([expect.stringContaining('reads its device from the body')]);
  });
});
