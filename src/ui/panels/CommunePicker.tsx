/**
 * "Ajouter un lieu dans une commune…": a searchable list of the territory's communes, usable
 * with the keyboard alone (type a few letters, arrows to choose, Enter to add, Escape to close),
 * following the ARIA combobox pattern (an input with a listbox popup and aria-activedescendant).
 * The chosen commune is handed to `onPick`; the caller places the site at its reference point.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { searchCommunes } from '../../domain/commune_search.ts';

export interface PickableCommune {
  code: string;
  nom: string;
  lon: number;
  lat: number;
  /** 'point': town hall or La Poste point; 'centroid': centre of the contour (no point loaded). */
  ref_point?: 'point' | 'centroid' | null;
}

export interface CommunePickerProps<C extends PickableCommune> {
  communes: readonly C[];
  onPick: (commune: C) => void;
  /** Shown (and the input disabled) when nothing can be added yet. */
  disabledReason?: string | null;
  /** At most this many matches listed (default 30). */
  limit?: number;
}

export function CommunePicker<C extends PickableCommune>({ communes, onPick, disabledReason = null, limit = 30 }: CommunePickerProps<C>) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [announce, setAnnounce] = useState('');
  const matches = useMemo(() => searchCommunes(communes, query, limit), [communes, query, limit]);
  const expanded = open && query.trim() !== '';
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;

  const choose = (c: C) => {
    onPick(c);
    setQuery('');
    setOpen(false);
    setActive(0);
    setAnnounce(`Lieu ajouté au scénario à ${c.nom}.`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = matches.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) {
        setOpen(true);
        setActive(e.key === 'ArrowDown' ? 0 : Math.max(0, n - 1));
      } else if (n > 0) {
        setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
      }
    } else if (e.key === 'Enter') {
      if (expanded && n > 0) {
        e.preventDefault();
        choose(matches[Math.min(active, n - 1)]);
      }
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
      } else setQuery('');
    } else if (expanded && (e.key === 'Home' || e.key === 'End') && n > 0 && e.ctrlKey) {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : n - 1);
    }
  };

  const status = !expanded ? '' : matches.length === 0 ? 'Aucune commune ne correspond.' : `${matches.length}${matches.length === limit ? ' premières' : ''} commune(s) ; flèches pour choisir, Entrée pour ajouter.`;

  return (
    <div className="commune-picker" data-testid="commune-picker">
      <label htmlFor={`${id}-input`}>Ajouter un lieu dans une commune…</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-describedby={`${id}-hint`}
        aria-activedescendant={expanded && matches.length > 0 ? optionId(Math.min(active, matches.length - 1)) : undefined}
        disabled={disabledReason !== null || communes.length === 0}
        placeholder="Nom ou code INSEE"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
          setAnnounce('');
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => query.trim() !== '' && setOpen(true)}
      />
      <p id={`${id}-hint`} className="muted">
        {disabledReason ?? 'Le lieu est placé au point de référence de la commune (mairie ou point La Poste ; à défaut, centre de la commune).'}
      </p>
      {expanded && matches.length > 0 && (
        <ul id={listId} role="listbox" aria-label="Communes du territoire" className="commune-picker-list">
          {matches.map((c, i) => (
            <li
              key={c.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === Math.min(active, matches.length - 1)}
              className={i === active ? 'active' : undefined}
              // Keeps the focus in the input (the list closes on blur).
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(c)}
              onMouseMove={() => i !== active && setActive(i)}
            >
              {c.nom} <span className="muted">{c.code}{c.ref_point === 'centroid' ? ' · centre de la commune' : ''}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="sr-only" role="status" aria-live="polite">{status || announce}</p>
    </div>
  );
}
