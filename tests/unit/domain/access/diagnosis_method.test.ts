/**
 * Issue 19, item 11: the method text is built from the parameters the diagnosis ran with. Each
 * case changes one setting and looks for the sentence it should produce, written out here.
 */
import { describe, expect, it } from 'vitest';
import { diagnosisMethodSections } from '../../../../src/domain/access/diagnosis_method.ts';
import { APL_DREES_2012_DECAY } from '../../../../src/domain/diagnosis/e2sfca.ts';
import type { DiagnosisParams } from '../../../../src/domain/access/diagnose.ts';

const text = (params: Partial<DiagnosisParams>, id: string) =>
  diagnosisMethodSections(params).find((s) => s.id === id)!.paragraphs.join('\n').replace(/\u202f|\u00a0/g, ' ');

describe('the method text quotes the settings in force', () => {
  it('defaults: equal weights, all loaded communes, top 30 %, need or fragility, 30 min, Luo & Qi bands', () => {
    expect(text({}, 'fragility')).toMatch(/Part des personnes âgées \(75 ans ou plus si disponible, sinon 65 ans ou plus\) : poids 1 ;/);
    expect(text({}, 'fragility')).toContain('Unités de référence : l’ensemble des communes chargées');
    expect(text({}, 'underserved')).toContain('dépasse le seuil (30 min ;');
    expect(text({}, 'underserved')).toContain('et si le besoin estimé ou l’indice de fragilité est parmi les 30 % les plus élevés');
    expect(text({}, 'e2sfca')).toContain('0–10 min : 1 ; 10–20 min : 0,68 ; 20–30 min : 0,22 ; au-delà de 30 min, 0');
  });

  it.each([
    {
      name: 'a weight',
      params: { fragility: { weights: { elderly: 2.5 } } },
      id: 'fragility',
      want: 'Part des personnes âgées (75 ans ou plus si disponible, sinon 65 ans ou plus) : poids 2,5 ; Part des personnes peu ou pas diplômées : poids 1',
    },
    { name: 'a weight set to 0', params: { fragility: { weights: { lowIncome: 0 } } }, id: 'fragility', want: 'Part de la population à bas revenus (taux de pauvreté) : poids 0.' },
    { name: 'the reference', params: { fragility: { reference: 'group' as const } }, id: 'fragility', want: 'Unités de référence : les communes chargées du même département' },
    { name: 'the reference, in the scale note', params: { fragility: { reference: 'group' as const } }, id: 'fragility', want: 'parmi les 10 % des communes chargées du même département les plus exposées' },
    { name: 'the top share', params: { topShare: 0.2 }, id: 'underserved', want: 'est parmi les 20 % les plus élevés' },
    { name: 'the criterion', params: { criterion: 'both' as const }, id: 'underserved', want: 'et si le besoin estimé et l’indice de fragilité sont parmi les 30 % les plus élevés' },
    { name: 'the threshold', params: { threshold: 45 }, id: 'underserved', want: 'dépasse le seuil (45 min ;' },
    { name: 'the decay bands', params: { decay: APL_DREES_2012_DECAY }, id: 'e2sfca', want: 'APL DREES/Irdes (2012), 0–5 min : 1 ; 5–10 min : 0,3 ; 10–15 min : 0,1 ; au-delà de 15 min, 0' },
  ])('$name', ({ params, id, want }) => {
    const before = text({}, id);
    const after = text(params as Partial<DiagnosisParams>, id);
    expect(before).not.toContain(want);
    expect(after).toContain(want);
  });

  it('only what the settings edit is called modifiable', () => {
    const all = diagnosisMethodSections().map((s) => s.paragraphs.join('\n')).join('\n');
    const claims = (all.match(/[^.;(]*modifiables?[^.;)]*/g) ?? []).map((c) => c.trim());
    // The weights and the decay bands are called so: both are edited in the settings panel and carried by the share link.
    expect(claims).toEqual([
      'modifiables dans « Paramètres du diagnostic » et transmis par le lien de partage',
      'modifiable dans « Paramètres du diagnostic » et transmise par le lien de partage',
    ]);
    expect(all).toContain('Poids utilisés (1 pour chacun par défaut ; modifiables dans « Paramètres du diagnostic »');
    expect(all).toContain('Taux utilisés (fixes dans cette version)');
    expect(all).toContain('Pondération selon le temps d’accès (modifiable dans « Paramètres du diagnostic » et transmise par le lien de partage), en vigueur : Luo et Qi (2009), 0–10 min : 1 ; 10–20 min : 0,68 ; 20–30 min : 0,22 ; au-delà de 30 min, 0');
  });
});
