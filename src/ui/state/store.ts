/**
 * The one store primitive of the dashboard: an immutable state object, replaced on every change,
 * read by React through useSyncExternalStore (subscribe / getSnapshot). Each part of the session
 * (workspace, analysis, planning, view) owns one slice of it and writes only that slice.
 */
export class Store<T extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(private state: T) {}

  getSnapshot = (): T => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  set(patch: Partial<T>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** A handle on one slice: the part that owns it reads and patches it without seeing the rest. */
  slice<K extends keyof T>(key: K): Slice<T[K]> {
    return {
      get: () => this.state[key],
      set: (patch) => this.set({ [key]: { ...this.state[key], ...patch } } as unknown as Partial<T>),
    };
  }
}

export interface Slice<S> {
  get(): S;
  set(patch: Partial<S>): void;
}

/** A slice kept outside any store (unit tests of one part). */
export function looseSlice<S extends object>(initial: S): Slice<S> & { readonly value: S } {
  let value = initial;
  return {
    get: () => value,
    set: (patch) => (value = { ...value, ...patch }),
    get value() {
      return value;
    },
  };
}
