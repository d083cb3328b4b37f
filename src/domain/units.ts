/**
 * Branded units, so that a time cannot be passed where a distance is expected.
 * Constructors are plain casts: they document intent at the call site.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Meters = Brand<number, 'Meters'>;
export type Kilometers = Brand<number, 'Kilometers'>;
export type Minutes = Brand<number, 'Minutes'>;
export type Seconds = Brand<number, 'Seconds'>;
export type KmPerHour = Brand<number, 'KmPerHour'>;

export const meters = (v: number) => v as Meters;
export const kilometers = (v: number) => v as Kilometers;
export const minutes = (v: number) => v as Minutes;
export const seconds = (v: number) => v as Seconds;
export const kmPerHour = (v: number) => v as KmPerHour;

/** Time to cover a distance at a speed. */
export function travelMinutes(distance: Meters, speed: KmPerHour): Minutes {
  return minutes((distance / 1000 / speed) * 60);
}
