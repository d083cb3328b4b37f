/**
 * Sizes and messages about the browser's storage (issue 18, item 10): sizes written as a French
 * reader expects them, estimates checked, and the reasons of a failed save in French.
 */
import { describe, expect, it } from 'vitest';
import { checkEstimate, formatBytes, notSavedMessage, refusedMessage, roomLeft, saveFailureReason, storageLine } from '../../../src/domain/storage.ts';
import { browserStorage } from '../../../src/data/storage_room.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 ko'],
    [1, '1 ko'],
    [820_000, '820 ko'],
    [999_999, '1,0 Mo'],
    [999_949_999, '999,9 Mo'],
    [999_950_000, '1,0 Go'],
    [1_000_000, '1,0 Mo'],
    [6_000_000, '6,0 Mo'],
    [3_249_000, '3,2 Mo'],
    [3_251_000, '3,3 Mo'],
    [999_000_000, '999,0 Mo'],
    [1_234_000_000, '1,2 Go'],
    [-5, '0 ko'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('room and estimates', () => {
  it('room is quota minus usage, never negative', () => {
    expect(roomLeft({ quota: 4_000_000, usage: 800_000 })).toBe(3_200_000);
    expect(roomLeft({ quota: 1_000, usage: 5_000 })).toBe(0);
  });

  it.each([
    [undefined, null],
    [null, null],
    [{}, null],
    [{ quota: Number.NaN, usage: 1 }, null],
    [{ quota: -1, usage: 0 }, null],
    [{ quota: 100 }, { quota: 100, usage: 0 }],
    [{ quota: 100, usage: 40 }, { quota: 100, usage: 40 }],
  ])('checkEstimate(%j) → %j', (given, expected) => {
    expect(checkEstimate(given as never)).toEqual(expected);
  });
});

describe('messages', () => {
  it('a refusal names the file, its size and the room left', () => {
    expect(refusedMessage({ what: 'Le fichier « x.csv »', size: 6_000_000 }, 3_200_000)).toBe(
      "Le fichier « x.csv » (6,0 Mo) n'a pas été chargé : il reste 3,2 Mo d'espace de stockage pour ce site dans ce navigateur. " +
        "Libérez de la place (« Réinitialiser » efface les fichiers enregistrés dans ce navigateur) ou de l'espace sur le disque, puis déposez-le à nouveau.",
    );
    // Judged on what is saved (the file and its tables), said with both sizes.
    expect(refusedMessage({ what: 'Le fichier « x.csv »', size: 2_000_000, toSave: 5_500_000 }, 3_200_000)).toMatch(/^Le fichier « x\.csv » \(2,0 Mo, 5,5 Mo à enregistrer avec ses tables\) n'a pas été chargé : il reste 3,2 Mo/);
  });

  it('a failed save says why, in French, and never an empty reason', () => {
    expect(saveFailureReason(new DOMException('', 'QuotaExceededError'))).toBe('espace de stockage plein');
    expect(saveFailureReason(new Error(''))).toBe('erreur du navigateur Error');
    expect(saveFailureReason(new DOMException('', 'UnknownError'))).toBe('erreur du navigateur UnknownError');
    expect(saveFailureReason(new Error('disque débranché'))).toBe('erreur du navigateur : disque débranché');
    expect(notSavedMessage('Le fichier « x.csv »', 'espace de stockage plein', 6_000_000, 800_000)).toMatch(
      /^Le fichier « x\.csv » n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur \(espace de stockage plein ; il reste 800 ko pour 6,0 Mo à enregistrer\)\. Les données déjà chargées sont inchangées\./,
    );
    expect(notSavedMessage('Le fichier « x.csv »', 'espace de stockage plein', 6_000_000, null)).toContain('(espace de stockage plein ; 6,0 Mo à enregistrer).');
  });

  it('the data panel line gives used, free and total room, and whether the storage is kept', () => {
    expect(storageLine({ quota: 2_000_000_000, usage: 12_400_000, persisted: false })).toBe(
      "Espace enregistré dans ce navigateur : 12,4 Mo utilisés, 2,0 Go libres d'après le navigateur ; stockage non persistant (le navigateur peut l'effacer s'il manque de place).",
    );
    expect(storageLine({ quota: 4_000_000, usage: 800_000, persisted: true })).toContain("800 ko utilisés, 3,2 Mo libres d'après le navigateur ; stockage persistant");
  });
});

describe('browserStorage', () => {
  it('answers null where the browser has no storage manager or a call fails', async () => {
    const none = browserStorage(undefined);
    expect(await none.estimate()).toBeNull();
    expect(await none.persist()).toBeNull();
    const failing = browserStorage({ estimate: () => Promise.reject(new Error('x')), persisted: () => Promise.reject(new Error('y')) });
    expect(await failing.estimate()).toBeNull();
    expect(await failing.persisted()).toBeNull();
    expect(await failing.persist()).toBeNull();
  });

  it('reads the estimate and asks for persistence through the manager itself', async () => {
    const calls: string[] = [];
    const manager = {
      granted: false,
      async estimate() {
        calls.push('estimate');
        return { quota: 4_000_000, usage: 1_000, usageDetails: {} };
      },
      async persisted() {
        return this.granted;
      },
      async persist() {
        calls.push('persist');
        this.granted = true;
        return true;
      },
    };
    const storage = browserStorage(manager as never);
    expect(await storage.estimate()).toEqual({ quota: 4_000_000, usage: 1_000 });
    expect(await storage.persisted()).toBe(false);
    expect(await storage.persist()).toBe(true);
    expect(await storage.persisted()).toBe(true);
    expect(calls).toEqual(['estimate', 'persist']);
  });
});
