/**
 * npm run data:check-sources [-- --departement 58 | --epci <siren>] [--miroir <url>]
 *
 * The contract check of the official sources (src/data/fetch/contract.ts): asks each service for
 * one territory and compares the shape of its answers with what the importers expect, then
 * prints a French report. For a maintainer, on a connected machine, when a source changes;
 * never run by `npm test`. `--miroir` points it at a mirror (or at the local stand-in).
 * Exit code: 0 when every source answers as expected, 1 when one does not, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { checkSources, contractReport } from '../src/data/fetch/contract.ts';
import { mirrorEndpoints, OFFICIAL_ENDPOINTS, parseTerritoryRequest } from '../src/data/fetch/sources.ts';

const USAGE = `Utilisation : npm run data:check-sources -- [--departement <code> | --epci <siren>] [--miroir <url>]

Interroge chaque source officielle pour un territoire (par défaut le département 58) et compare
la forme de ses réponses (enveloppe, colonnes, types, pagination) avec ce qu'attendent les
importeurs de Maillage, puis fait lire un échantillon par les importeurs. À lancer sur un poste
connecté à internet quand une source semble avoir changé.

  --departement <code>   le territoire à demander (par défaut : 58)
  --epci <siren>         ou un EPCI
  --miroir <url>         un miroir des services (par défaut : les adresses officielles)
  --aide, --help, -h     cette aide

Code de sortie : 0 si toutes les sources sont conformes, 1 sinon, 2 pour une erreur d'utilisation.`;

function fail(message: string): never {
  console.error(`data:check-sources — ${message}`);
  process.exit(2);
}

let values: { departement?: string; epci?: string; miroir?: string; mirror?: string; aide?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      departement: { type: 'string' }, epci: { type: 'string' }, miroir: { type: 'string' }, mirror: { type: 'string' },
      aide: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (e) {
  const option = /'([^']+)'/.exec((e as Error).message ?? '')?.[1]?.replace(/ <value>$/, '');
  fail(`option inconnue ou incomplète ${option ?? ''} ; voir npm run data:check-sources -- --aide.`);
}
if (values.aide || values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.departement && values.epci) fail('indiquez --departement ou --epci, pas les deux.');
const request = parseTerritoryRequest(values.epci ?? values.departement ?? '58');
if ('error' in request) fail(request.error);
const mirror = values.miroir ?? values.mirror;
if (mirror && !/^https?:\/\/[^\s/]+/.test(mirror)) fail(`adresse de miroir « ${mirror} » invalide (http://… ou https://… attendu).`);

const reports = await checkSources({
  endpoints: mirror ? mirrorEndpoints(mirror) : OFFICIAL_ENDPOINTS, fetch: (url, init) => fetch(url, init), request,
  onWait: (seconds, status) => console.error(`service occupé (${status}) : nouvel essai dans ${seconds} s…`),
});
console.log(contractReport(reports, { request, services: mirror ?? 'adresses officielles', at: new Date() }));
process.exit(reports.every((r) => r.ok) ? 0 : 1);
