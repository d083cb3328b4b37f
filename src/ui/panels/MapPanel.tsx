import { useEffect, useRef } from 'react';
import { MapController, type Hovered, type MapData } from '../../map/map_controller.ts';
import { registerMapController } from '../test_hook.ts';
import type { ViewState } from '../App.tsx';

interface Props {
  data: MapData | null;
  view: ViewState;
  highlighted: string | null;
  onHover: (h: Hovered | null) => void;
  onClick: (h: Hovered | null) => void;
}

/** Hosts the imperative map controller; React only feeds it data and view. */
export function MapPanel({ data, view, highlighted, onHover, onClick }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<MapController | null>(null);
  const handlers = useRef({ onHover, onClick });
  handlers.current = { onHover, onClick };

  useEffect(() => {
    const c = new MapController(
      container.current!,
      (h) => handlers.current.onHover(h),
      (h) => handlers.current.onClick(h),
    );
    controller.current = c;
    registerMapController(c);
    return () => {
      registerMapController(null);
      c.destroy();
      controller.current = null;
    };
  }, []);

  useEffect(() => {
    if (data && controller.current) void controller.current.update(data, { ...view, highlighted });
  }, [data, view, highlighted]);

  return <div ref={container} className="map" role="img" aria-label="Carte du territoire : communes, carreaux et points d'aide" />;
}
