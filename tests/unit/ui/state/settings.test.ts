/** Diagnosis settings saved and read back (issue 19, item 4: the decay bands are one of them). */
import { describe, expect, it } from 'vitest';
import { Settings, checkDiagnosisSettings, type DiagnosisSettings } from '../../../../src/ui/state/settings.ts';

/** A store in memory that keeps what a browser store keeps: a structured clone of the value. */
function memoryStore() {
  const kept = new Map<string, unknown>();
  return {
    kept,
    setting: async (key: string, value: unknown) => void kept.set(key, structuredClone(value)),
    getSetting: async <T,>(key: string) => kept.get(key) as T | undefined,
  };
}

const weights = { noFibre: 1, no4g: 2, elderly: 1, lowDiploma: 0.5, lowIncome: 0 };

describe('diagnosis settings round trip', () => {
  it.each(['luo_qi_2009', 'apl_drees_2012'] as const)('the decay bands %s come back as saved', async (decay) => {
    const errors: string[] = [];
    const store = memoryStore();
    const settings = new Settings(store, (m) => errors.push(m));
    const saved: DiagnosisSettings = { weights, topShare: 0.2, criterion: 'both', reference: 'group', decay };
    expect(await settings.save('diagnosis', saved)).toBe(true);
    expect(await settings.load('diagnosis')).toEqual(saved);
    expect(errors).toEqual([]);
  });

  it('settings saved before the bands existed read back without them (the default then applies)', async () => {
    const store = memoryStore();
    store.kept.set('diagnosis', { weights, topShare: 0.3, criterion: 'either', reference: 'all' });
    const got = await new Settings(store, () => undefined).load('diagnosis');
    expect(got).toEqual({ weights, topShare: 0.3, criterion: 'either', reference: 'all' });
    expect(got && 'decay' in got).toBe(false);
  });

  it.each([
    { name: 'unknown decay bands', v: { weights, topShare: 0.3, criterion: 'need', reference: 'all', decay: 'gauss' } },
    { name: 'a weight out of the panel range', v: { weights: { ...weights, no4g: 9 }, topShare: 0.3 } },
    { name: 'a weight that is text', v: { weights: { ...weights, no4g: '2' }, topShare: 0.3 } },
    { name: 'a share out of range', v: { weights, topShare: 2 } },
    { name: 'an unknown criterion', v: { weights, topShare: 0.3, criterion: 'jamais' } },
  ])('$name: refused, the user told in French, the default used', async ({ v }) => {
    expect(checkDiagnosisSettings(v)).toBeUndefined();
    const store = memoryStore();
    store.kept.set('diagnosis', v);
    const errors: string[] = [];
    expect(await new Settings(store, (m) => errors.push(m)).load('diagnosis')).toBeUndefined();
    expect(errors).toEqual(['Le réglage « réglages du diagnostic » enregistré est illisible : il est ignoré et la valeur par défaut est utilisée.']);
  });
});
