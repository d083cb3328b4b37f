import { useEffect, useRef, useState } from 'react';
import type { ViewState } from '../App.tsx';
import { mapLegend, sourcesLine, isFictional } from '../legend.ts';
import type { SessionState } from '../state/session.ts';
import { useMapController } from '../map_context.ts';
import { buildSlide, slideView, type SlideKind } from './slides.ts';
import './presentation.css';

interface Props {
  state: SessionState;
  /** The view the user had; restored on leaving. */
  baseView: ViewState;
  kinds: readonly SlideKind[];
  /** Sets the map's view (the one real map is reused). */
  onView: (v: ViewState) => void;
  onExit: () => void;
}

/**
 * Full-screen presentation over the real map: the App hides its panels (class "presenting") and
 * the map area takes the slide's map slot. →/Espace next, ← previous, Échap leaves.
 */
export function Presentation({ state, baseView, kinds, onView, onExit }: Props) {
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

  // Enter: remember the camera, go full screen when allowed, fit the territory into the slot.
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
    const frame = requestAnimationFrame(() => {
      const m = getMapController()?.map;
      const pts = state.analysis.data?.communes ?? [];
      if (!m || pts.length === 0) return;
      m.resize();
      let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
      for (const p of pts) {
        w = Math.min(w, p.lon); e = Math.max(e, p.lon); s = Math.min(s, p.lat); n = Math.max(n, p.lat);
      }
      m.fitBounds([[w, s], [e, n]], { padding: 40, duration: 0 });
    });
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on entering
  }, []);

  useEffect(() => {
    onView(view);
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
  return (
    <div className="presentation" ref={root} tabIndex={-1} role="dialog" aria-modal="true" aria-labelledby="slide-title" data-testid="presentation">
      <header className="slide-header">
        <h2 id="slide-title" data-testid="slide-title" aria-live="polite">{slide.title}</h2>
        <span className="slide-counter" data-testid="slide-counter" aria-label={`Diapositive ${index + 1} sur ${kinds.length}`}>
          {index + 1} / {kinds.length}
        </span>
      </header>
      <div className="slide-map-slot" aria-hidden="true" />
      <aside className="slide-side" tabIndex={0} aria-label="Chiffres clés et légende">
        {slide.empty ? (
          <p className="slide-empty" data-testid="slide-empty">{slide.empty}</p>
        ) : null}
        {slide.figures.length > 0 && (
          <dl className="slide-figures" data-testid="slide-figures">
            {slide.figures.map((f) => (
              <div key={f.label}><dt>{f.label}</dt><dd>{f.value}</dd></div>
            ))}
          </dl>
        )}
        {slide.ranking.length > 0 && (
          <ol className="slide-ranking" aria-label="Les trois premières zones">
            {slide.ranking.map((r) => <li key={r}>{r}</li>)}
          </ol>
        )}
        <div className="slide-legend" aria-label="Légende">
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
        </div>
      </aside>
      <footer className="slide-footer">
        <p className="slide-sources">{sourcesLine(state)}</p>
        {isFictional(state) && <p className="slide-fictional" data-testid="slide-fictional">Données fictives</p>}
        <nav className="slide-nav" aria-label="Navigation de la présentation">
          <button type="button" onClick={() => setIndex((i) => Math.max(0, i - 1))} disabled={index === 0}>← Précédent</button>
          <button type="button" onClick={() => setIndex((i) => Math.min(kinds.length - 1, i + 1))} disabled={index === kinds.length - 1}>Suivant →</button>
          <button type="button" onClick={() => exitRef.current()}>Quitter (Échap)</button>
        </nav>
      </footer>
    </div>
  );
}
