/** ARCEP coverage: fixed broadband eligibility per commune, mobile sites with 2G/3G/4G flags. */
import { hasColumns, type FileFormat, type Rejected, type Row } from '../format.ts';
import { lambert93ToWgs84 } from '../../../domain/projection.ts';
import { inseeCode, int, num, str } from './shared.ts';

const DEBIT_COLUMNS = ['code_insee', 'nbr', 'elig_thd30', 'elig_thd100', 'elig_thd1g'] as const;

export const arcepFixedBroadband: FileFormat = {
  id: 'arcep_ma_connexion_internet',
  label: 'Éligibilité internet fixe par commune (ARCEP, Ma connexion internet)',
  source: 'ARCEP – Ma connexion internet, statistiques communales',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, DEBIT_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const code = inseeCode(v.code_insee);
      const premises = int(v.nbr);
      if (!code || premises === null) {
        rejected.push({ line, reason: !code ? `code commune « ${v.code_insee} » invalide` : 'nombre de locaux (nbr) absent' });
        continue;
      }
      const thd30 = (int(v.elig_thd30) ?? 0) + (int(v.elig_thd100) ?? 0) + (int(v.elig_thd1g) ?? 0);
      rows.push({ code, premises, thd30, ftth: int(v.elig_thd1g), date: str(v.date) });
    }
    return { rows: { fixed_broadband: rows }, rejected, warnings: [] };
  },
};

const OPERATORS: Record<string, string> = {
  '20801': 'Orange',
  '20810': 'SFR',
  '20815': 'Free Mobile',
  '20820': 'Bouygues Telecom',
};

export const arcepMobileSites: FileFormat = {
  id: 'arcep_sites_mobiles',
  label: 'Sites mobiles 2G/3G/4G en Lambert-93 (ARCEP)',
  source: 'ARCEP – Mon réseau mobile, sites',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['Operateur', 'x', 'y', '4G']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const x = num(v.x);
      const y = num(v.y);
      if (x === null || y === null || x < 0 || x > 1_300_000 || y < 6_000_000 || y > 7_200_000) {
        rejected.push({ line, reason: 'coordonnées x/y absentes ou hors de la France en Lambert-93' });
        continue;
      }
      const [lon, lat] = lambert93ToWgs84(x, y);
      const op = str(v.Operateur) ?? '';
      rows.push({
        operator: OPERATORS[op] ?? op, lon, lat, g2: v['2G'] === '1', g3: v['3G'] === '1', g4: v['4G'] === '1',
      });
    }
    return { rows: { mobile_sites: rows }, rejected, warnings: [] };
  },
};
