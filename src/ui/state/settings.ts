/**
 * The user's settings, kept in the browser with the workspace: one typed key per setting, each
 * checked when read back (a value from an older version or a damaged store falls back to its
 * default instead of breaking the start), and a write that fails reaches the user (it would
 * otherwise be lost at the next reload without a word).
 */
import type { SpeedProfile } from '../../domain/routing/index.ts';
import { checkOrigins, type Origins } from '../../data/origins.ts';
import { optionalLabel } from '../../domain/outside.ts';
import type { WorkspaceStore } from '../../data/persist.ts';
import { checkSelection, type TerritorySelection } from '../../data/territory.ts';
import type { ScenarioDraft } from './planning.ts';
import { FRAGILITY_INDICATORS, isDecayPreset, type DecayPreset, type IndicatorKey, type HighCriterion } from '../../domain/diagnosis/index.ts';
import { checkProposedSite, type ProposedSite } from '../../domain/planning/proposed_site.ts';

/** A proposed site's form, kept by scenario-site id with where it was (found again near there). */
export type StoredProposedSite = ProposedSite & { lon: number; lat: number };

/** 'all' = every commune whose contour is loaded. */
export type TerritoryChoice = { selection: { type: 'all' } | TerritorySelection; bufferKm: number };

export interface DiagnosisSettings {
  weights: Record<IndicatorKey, number>;
  topShare: number;
  criterion: HighCriterion;
  reference: 'all' | 'group';
  /** The E2SFCA decay bands (DECAY_PRESETS); absent from settings saved before it: the default. */
  decay?: DecayPreset;
}

/** Straight-line estimate: distance × detour ÷ speed (used where no road reaches). */
export interface EstimateSettings {
  detour: number;
  speedKmh: number;
}

/** Every saved setting and its type. */
export interface SettingsMap {
  /** 'demo': the fictional territory; 'real': the user's own data (the demo is gone for good). */
  workspaceKind: 'demo' | 'real';
  profile: SpeedProfile;
  territory: TerritoryChoice;
  /** The territory's name as the user wants it in the header, exports and slides (null: from the data). */
  territoryName: string | null;
  scenarios: ScenarioDraft[];
  diagnosis: DiagnosisSettings;
  origins: Origins;
  estimate: EstimateSettings;
  /** The labelling fiche's forms (name, address, hours, agents…), by scenario-site id. */
  proposedSites: Record<string, StoredProposedSite>;
}

export type SettingKey = keyof SettingsMap;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const CRITERIA: readonly HighCriterion[] = ['need', 'fragility', 'either', 'both'];

/**
 * Diagnosis settings read back: every field of its type and in the ranges the settings panel
 * allows (weights 0–5, share 5–60 %), known criterion, reference and decay bands; a value saved
 * before a field existed (no criterion, reference or decay) keeps it absent, so that the default
 * fills it. Undefined when anything present is wrong.
 */
export function checkDiagnosisSettings(v: unknown): DiagnosisSettings | undefined {
  if (!isObject(v) || !isObject(v.weights) || !finite(v.topShare) || v.topShare < 0.05 || v.topShare > 0.6) return undefined;
  const weights = {} as Record<IndicatorKey, number>;
  for (const k of FRAGILITY_INDICATORS) {
    const w = v.weights[k];
    if (!finite(w) || w < 0 || w > 5) return undefined;
    weights[k] = w;
  }
  if (v.criterion !== undefined && !CRITERIA.includes(v.criterion as HighCriterion)) return undefined;
  if (v.reference !== undefined && v.reference !== 'all' && v.reference !== 'group') return undefined;
  if (v.decay !== undefined && !isDecayPreset(v.decay)) return undefined;
  return {
    weights,
    topShare: v.topShare,
    ...(v.criterion !== undefined ? { criterion: v.criterion as HighCriterion } : {}),
    ...(v.reference !== undefined ? { reference: v.reference as 'all' | 'group' } : {}),
    ...(v.decay !== undefined ? { decay: v.decay as DecayPreset } : {}),
  } as DiagnosisSettings;
}

/** A check that keeps the value as it is when it passes. */
const keep = <T,>(ok: (v: unknown) => boolean) => (v: unknown): T | undefined => (ok(v) ? (v as T) : undefined);

/**
 * What a value read back must look like to be used: each key's value from the store is outside
 * data (an older version, a damaged store, a value saved before it was checked), so it is checked
 * for its types and characters, and cleaned where cleaning keeps its meaning (labels lose their
 * control characters). Undefined: not usable.
 */
const PARSE: { [K in SettingKey]: (v: unknown) => SettingsMap[K] | undefined } = {
  workspaceKind: keep((v) => v === 'demo' || v === 'real'),
  profile: keep((v) => isObject(v) && v.version === 1),
  territory: (v) => {
    if (!isObject(v) || !finite(v.bufferKm) || v.bufferKm < 0 || v.bufferKm > 200) return undefined;
    const selection = checkSelection(v.selection);
    return selection ? { selection, bufferKm: v.bufferKm } : undefined;
  },
  territoryName: (v) => (v === null ? null : optionalLabel(v, 200) ?? undefined),
  scenarios: keep((v) => Array.isArray(v) && v.every((s) => isObject(s) && typeof s.name === 'string' && Array.isArray(s.added) && Array.isArray(s.removed))),
  diagnosis: checkDiagnosisSettings,
  origins: (v) => checkOrigins(v) ?? undefined,
  proposedSites: (v) => {
    if (!isObject(v)) return undefined;
    const out: Record<string, StoredProposedSite> = {};
    for (const [id, x] of Object.entries(v).slice(0, 500)) {
      const form = checkProposedSite(x);
      if (form && isObject(x) && finite(x.lon) && finite(x.lat)) out[id] = { ...form, lon: x.lon, lat: x.lat };
    }
    return out;
  },
  estimate: keep((v) => isObject(v) && finite(v.detour) && v.detour >= 1 && v.detour <= 3 && finite(v.speedKmh) && v.speedKmh > 0 && v.speedKmh <= 130),
};

const LABELS: Record<SettingKey, string> = {
  workspaceKind: 'espace de travail',
  profile: 'vitesses du réseau routier',
  territory: 'territoire étudié',
  territoryName: 'nom du territoire',
  scenarios: 'scénarios enregistrés',
  diagnosis: 'réglages du diagnostic',
  origins: 'provenance des couches',
  estimate: "estimation à vol d'oiseau",
  proposedSites: 'fiches des lieux proposés',
};

export class Settings {
  constructor(
    private readonly store: Pick<WorkspaceStore, 'setting' | 'getSetting'>,
    /** Told (in French) when a setting could not be read or saved. */
    private readonly onError: (message: string) => void,
  ) {}

  /** The saved value, or undefined when none was saved, it could not be read, or it is not valid. */
  async load<K extends SettingKey>(key: K): Promise<SettingsMap[K] | undefined> {
    let value: unknown;
    try {
      value = await this.store.getSetting(key);
    } catch (e) {
      this.onError(`Le réglage « ${LABELS[key]} » n'a pas pu être relu (${(e as Error)?.message ?? e}) : la valeur par défaut est utilisée.`);
      return undefined;
    }
    if (value === undefined) return undefined;
    const checked = PARSE[key](value);
    if (checked === undefined) {
      this.onError(`Le réglage « ${LABELS[key]} » enregistré est illisible : il est ignoré et la valeur par défaut est utilisée.`);
      return undefined;
    }
    return checked;
  }

  /** Saves a value; a failure is told to the user (and the promise still resolves: the session goes on). */
  async save<K extends SettingKey>(key: K, value: SettingsMap[K]): Promise<boolean> {
    try {
      await this.store.setting(key, value);
      return true;
    } catch (e) {
      this.onError(
        `Le réglage « ${LABELS[key]} » n'a pas pu être enregistré dans ce navigateur (${(e as Error)?.message ?? e}) : ` +
          'il s’applique maintenant mais sera perdu au rechargement. Libérez de la place ou exportez votre espace de travail.',
      );
      return false;
    }
  }
}
