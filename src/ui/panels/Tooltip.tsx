import type { Hovered } from '../../map/map_controller.ts';
import { HELP_STYLE } from '../../map/palette.ts';
import type { HelpKind } from '../../domain/types.ts';
import { fmt1, fmtInt, fmtKm, fmtPct } from '../../shared/format.ts';
import { accessMethodText } from '../../domain/access_text.ts';
import { PEOPLE_PER_FTE_LABEL, peoplePerFteText } from '../../domain/access/diagnose.ts';
import { DEFAULT_SUPPLY, supplyDefaultsUsed } from '../../domain/diagnosis/e2sfca.ts';
import { fibreLabelsOf } from '../../domain/fixed_labels.ts';
import { NO_4G_LABEL } from '../../map/choropleth.ts';
import type { HelpPointRow } from '../../shared/rows.ts';

/** Which supply defaults a help point's FTE used (the same rule as the computation's siteSupplyFte). */
export const helpPointDefaults = (p: Pick<HelpPointRow, 'kind' | 'agents' | 'hours_per_week'>) =>
  supplyDefaultsUsed({ kind: p.kind as HelpKind, agents: p.agents, hoursPerWeek: p.hours_per_week });

/** Figures of the hovered feature; every text is rendered as text, never as HTML. */
export function Tooltip({ hovered, territoryNeedRate = null }: { hovered: Hovered; territoryNeedRate?: number | null }) {
  const style = { left: hovered.x + 12, top: hovered.y + 12 };
  if (hovered.type === 'commune') {
    const c = hovered.commune;
    return (
      <div className="tooltip" style={style} role="tooltip" data-testid="tooltip">
        <strong>{c.nom}</strong> <span className="muted">({c.code})</span>
        <dl>
          <dt>Population</dt><dd>{fmtInt(c.population)}</dd>
          <dt>75 ans et plus</dt><dd>{fmtInt(c.pop_75p)} ({fmtPct(c.share_75p)})</dd>
          <dt>{fibreLabelsOf([c]).short}</dt><dd data-testid="tooltip-fibre">{fmtPct(c.ftth_rate)}</dd>
          {c.no4g_share !== null && <><dt>{NO_4G_LABEL}</dt><dd>{fmtPct(c.no4g_share)}</dd></>}
          <dt>Temps d'accès moyen</dt><dd data-testid="tooltip-access">{c.access_minutes === null ? 'non calculé' : `${Math.round(c.access_minutes)} min (${accessMethodText([c])})`}</dd>
          <dt>France Services la plus proche</dt><dd>{fmtKm(c.fs_distance_m)} à vol d'oiseau</dd>
          <dt>Point numérique le plus proche</dt><dd>{fmtKm(c.pn_distance_m)} à vol d'oiseau</dd>
          <dt>Indice local de fragilité</dt><dd>{c.fragility === null ? 'non calculé' : `${fmt1(c.fragility)} / 10${c.fragility_partial ? ' (partiel)' : ''}`}</dd>
          <dt>Besoin d'aide (estimation)</dt><dd>{c.need === null ? 'non calculé' : `≈ ${fmtInt(Math.round(c.need / 10) * 10)} pers.`}</dd>
          <dt>{PEOPLE_PER_FTE_LABEL}</dt><dd>{peoplePerFteText(c.people_per_fte, c.people_per_fte_status, fmtInt, territoryNeedRate)}</dd>
          <dt>EPCI</dt><dd>{c.epci_nom ?? (c.epci ? `nom inconnu` : 'non renseigné')}{c.epci && <span className="muted"> (SIREN {c.epci})</span>}</dd>
        </dl>
        <p className="muted">
          Calculé à partir des populations par âge (INSEE), de l'internet fixe (ARCEP), de la couverture ou des sites mobiles 4G (ARCEP),
          du diplôme et des revenus, et des temps d'accès ({c.access_minutes === null ? 'non calculés' : accessMethodText([c])}). Voir « Méthode et sources ».
        </p>
      </div>
    );
  }
  if (hovered.type === 'help_point') {
    const p = hovered.point;
    return (
      <div className="tooltip" style={style} role="tooltip" data-testid="tooltip">
        <strong>{p.name}</strong>
        <div className="muted">{HELP_STYLE[p.kind as HelpKind]?.label ?? p.kind}{p.type_fs ? ` · ${p.type_fs}` : ''}{p.format_fs ? ` · ${p.format_fs.replace(/_/g, ' ')}` : ''}</div>
        {p.address && <div>{p.address}</div>}
        {p.hours_per_week !== null && <div>Ouverture : {fmt1(p.hours_per_week)} h par semaine</div>}
        {p.staff !== null && <div>Conseillers : {fmtInt(p.staff)}</div>}
        {p.agents !== null && <div>Agents : {fmtInt(p.agents)}</div>}
        {helpPointDefaults(p).agents && <div className="muted">Nombre d'agents non fourni : {DEFAULT_SUPPLY.fsAgents} agents comptés par défaut (charte France Services).</div>}
        {helpPointDefaults(p).hours && <div className="muted">Horaires non fournis ou illisibles : {DEFAULT_SUPPLY.fsDefaultHours} h par semaine comptées par défaut (minimum de la charte France Services).</div>}
        {p.duplicate_of !== null && <div className="muted">Même lieu qu'une autre fiche (doublon) : son offre n'est comptée qu'une fois.</div>}
      </div>
    );
  }
  if (hovered.type === 'place') return null;
  return (
    <div className="tooltip" style={style} role="tooltip" data-testid="tooltip">
      <strong>Carreau de 1 km</strong>
      <div>{fmtInt(hovered.cell.pop)} habitants</div>
      {hovered.cell.pop_80p !== null && <div>dont {fmtInt(hovered.cell.pop_80p)} de 80 ans et plus</div>}
    </div>
  );
}
