import { useEffect, useRef, useState } from 'react';
import type { ViewState } from '../App.tsx';
import { mapLegend, sourcesLine, isFictional, territoryName } from '../legend.ts';
import { captureMap } from '../export_files.ts';
import type { SessionState } from '../state/session.ts';
import { useMapController } from '../map_context.ts';
import { buildSlide, slideView, type SlideKind } from './slides.ts';
import './presentation.css';

interface Props {
  state: SessionState;
  /** The view the user had; restored on leaving. */
  baseView: ViewState;
  kinds: readonly SlideKind[];
  /** The user's title, shown on every slide with the territory's name ('' for none). */
  title: string;
  /** Sets the map's view (the one real map is reused). */
  onView: (v: ViewState) => void;
  /** Hides the scenario's sites on the map while the "before" map is captured. */
  onScenarioHidden: (hidden: boolean) => void;
  onExit: () => void;
}

/** Width of the figures-and-legend card over the map, px; the territory is fitted beside it. */
const CARD_WIDTH = 400;

/**
 * Full-screen presentation over the real map, map first: the App hides its panels (class
 * "presenting") and the map area takes the whole band between the header (slide title, territory,
 * the user's title) and the footer (sources); the key figures and the legend sit in a card inside
 * the map's frame. The scenario slide shows a pair: the map before (captured without the
 * scenario's sites) beside the live map after. →/Espace next, ← previous, Échap leaves.
 */
export function Presentation({ state, baseView, kinds, title, onView, onScenarioHidden, onExit }: Props) {
  const [index, setIndex] = useState(0);
  const controller = useMapController();
  const controllerRef = useRef(controller);
  controllerRef.current = controller;
  const getMapController = () => controllerRef.current;
  const saved = useRef({ view: baseView, camera: null as { center: [number, number]; zoom: number; bearing: number } | null });
  const root = useRef<HTMLDivElement>(null);
  const kind = kinds[index];
  const view = slideView(kind, saved.current.view);
  const slide = buildSlide(kind, state, saved.current.view.robustZones);
  const leaving = useRef(false);

  const exit = () => {
    if (leaving.current) return;
    leaving.current = true;
    onView(saved.current.view);
    const camera = saved.current.camera;
    const map = getMapController()?.map;
    if (map && camera) requestAnimationFrame(() => map.jumpTo(camera));
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    onExit();
  };
  const exitRef = useRef(exit);
  exitRef.current = exit;

  // The scenario's "before" map, captured once (an object URL, revoked on leaving).
  const before = useRef<string | null>(null);

  // Enter: remember the camera, leave when full screen ends.
  useEffect(() => {
    const map = getMapController()?.map;
    if (map) {
      const c = map.getCenter();
      saved.current.camera = { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing() };
    }
    root.current?.focus();
    const onFullscreen = () => {
      if (!document.fullscreenElement) exitRef.current();
    };
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (before.current) URL.revokeObjectURL(before.current);
    };
  }, []);

  // Fits the territory into the map's slot, beside the card (on the left, or on the right of a pair's "after" map).
  const fitTerritory = (pair: boolean) => {
    const m = getMapController()?.map;
    const pts = state.analysis.data?.communes ?? [];
    if (!m || pts.length === 0) return;
    m.resize();
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const p of pts) {
      w = Math.min(w, p.lon); e = Math.max(e, p.lon); s = Math.min(s, p.lat); n = Math.max(n, p.lat);
    }
    const side = Math.min(CARD_WIDTH + 24, m.getContainer().clientWidth * 0.45);
    const padding = pair ? { top: 40, bottom: 40, left: 24, right: side } : { top: 40, bottom: 40, left: side, right: 40 };
    m.fitBounds([[w, s], [e, n]], { padding, duration: 0 });
  };

  const [beforeUrl, setBeforeUrl] = useState<string | null>(null);
  const [beforeError, setBeforeError] = useState(false);
  useEffect(() => {
    onView(view);
    let cancelled = false;
    const frame = requestAnimationFrame(() => {
      if (cancelled) return;
      fitTerritory(slide.pair);
      if (slide.pair && before.current === null) {
        // The "before" map: the same frame without the scenario's sites, captured once.
        onScenarioHidden(true);
        const c = getMapController();
        void new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
          .then(() => (c ? captureMap(c) : Promise.reject(new Error('no map'))))
          .then((shot) => {
            const url = URL.createObjectURL(new Blob([shot.png as BlobPart], { type: 'image/png' }));
            if (before.current) URL.revokeObjectURL(before.current);
            before.current = url;
            setBeforeUrl(url);
          })
          .catch(() => setBeforeError(true))
          .finally(() => onScenarioHidden(false));
      }
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the slide's view depends on the slide only
  }, [kind]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const onButton = e.target instanceof HTMLButtonElement;
      if (e.key === 'Escape') {
        e.preventDefault();
        exitRef.current();
      } else if ((e.key === 'ArrowRight' || e.key === 'PageDown' || (e.key === ' ' && !onButton))) {
        e.preventDefault();
        setIndex((i) => Math.min(kinds.length - 1, i + 1));
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        setIndex((i) => Math.max(0, i - 1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [kinds.length]);

  const legend = mapLegend(view, state);
  const subtitle = title ? `${territoryName(state)} · ${title}` : territoryName(state);
  const card = (
    <aside className="slide-card" tabIndex={0} aria-label="Chiffres clés et légende" data-testid="slide-card">
      {slide.figures.length > 0 && (
        <dl className="slide-figures" data-testid="slide-figures">
          {slide.figures.map((f) => (
            <div key={f.label}><dd>{f.value}</dd><dt>{f.label}</dt></div>
          ))}
        </dl>
      )}
      {slide.ranking.length > 0 && (
        <ol className="slide-ranking" aria-label="Les trois premières zones">
          {slide.ranking.map((r) => <li key={r}>{r}</li>)}
        </ol>
      )}
      <div className="slide-legend" aria-label="Légende" data-testid="slide-legend">
        {legend.map((s) => (
          <section key={s.title}>
            <h3>{s.title}</h3>
            <ul>
              {s.items.map((i) => (
                <li key={i.label}><span className={`slide-swatch slide-swatch-${i.symbol ?? 'fill'}`} style={{ background: i.color }} />{i.label}</li>
              ))}
            </ul>
          </section>
        ))}
        {slide.pair && (
          <section>
            <h3>Scénario</h3>
            <ul>
              <li><span className="slide-swatch slide-swatch-outline" />Communes dont le temps d'accès baisse (contour bleu, carte « après »)</li>
            </ul>
            <p className="slide-note">Couleurs : temps d'accès d'aujourd'hui ; les chiffres ci-dessus donnent l'avant et l'après.</p>
          </section>
        )}
      </div>
    </aside>
  );
  return (
    <div className={slide.pair ? 'presentation slide-pair' : 'presentation'} ref={root} tabIndex={-1} role="dialog" aria-modal="true" aria-labelledby="slide-title" data-testid="presentation">
      <div className="slide-backdrop" />
      <header className="slide-header">
        <div className="slide-heading">
          <h2 id="slide-title" data-testid="slide-title" aria-live="polite">{slide.title}</h2>
          <p className="slide-subtitle" data-testid="slide-subtitle">{subtitle}</p>
        </div>
        {isFictional(state) && <p className="slide-fictional" data-testid="slide-fictional">Données fictives</p>}
        <span className="slide-counter" data-testid="slide-counter" aria-label={`Diapositive ${index + 1} sur ${kinds.length}`}>
          {index + 1} / {kinds.length}
        </span>
      </header>
      {slide.pair && (
        <figure className="slide-before" data-testid="slide-before">
          {beforeUrl ? <img src={beforeUrl} alt="Carte avant le scénario" /> : <p className="slide-before-wait">{beforeError ? "La carte « avant » n'a pas pu être dessinée." : 'Préparation de la carte « avant »…'}</p>}
          <figcaption>Avant</figcaption>
        </figure>
      )}
      {slide.pair && <p className="slide-after-label" aria-hidden="true">Après</p>}
      {card}
      <footer className="slide-footer">
        <p className="slide-sources" data-testid="slide-sources" tabIndex={0} role="region" aria-label="Sources">{sourcesLine(state)}</p>
        <nav className="slide-nav" aria-label="Navigation de la présentation">
          <button type="button" onClick={() => setIndex((i) => Math.max(0, i - 1))} disabled={index === 0}>← Précédent</button>
          <button type="button" onClick={() => setIndex((i) => Math.min(kinds.length - 1, i + 1))} disabled={index === kinds.length - 1}>Suivant →</button>
          <button type="button" onClick={() => exitRef.current()}>Quitter (Échap)</button>
        </nav>
      </footer>
    </div>
  );
}
