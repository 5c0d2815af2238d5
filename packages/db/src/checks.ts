import { rowMatches, type RegistryFacts, type RowVisibility } from '@fvm/domain';
import type { Db } from './client';
import {
  agreementParties,
  agreementServices,
  agreements,
  callOffs,
  informationAssets,
  informationCategories,
  licences,
  optionLinks,
  options,
  organisations,
  powersOfAttorney,
  retentionRules,
  services,
} from './schema';

/**
 * Reads what the registry checks need; the registry is thousands of rows, read whole. With
 * `visibility`, only the rows the viewer may see (a demo token's checks run over demo data alone).
 */
export function loadRegistryFacts(db: Db, visibility?: (table: string) => RowVisibility): RegistryFacts {
  const keep = <T extends Record<string, unknown>>(table: string, rows: T[]): T[] => {
    const v = visibility?.(table);
    return !v || v.kind === 'all' ? rows : rows.filter((row) => rowMatches(v, row));
  };
  return {
    organisations: keep('organisations', db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, ownPrincipal: organisations.ownPrincipal, isDemo: organisations.isDemo }).from(organisations).all()),
    options: keep('options', db.select({ id: options.id, number: options.number, isDemo: options.isDemo }).from(options).all()),
    optionLinks: keep('optionLinks', db.select({ optionId: optionLinks.optionId, linkedOptionId: optionLinks.linkedOptionId, isDemo: optionLinks.isDemo }).from(optionLinks).all()),
    callOffs: keep('callOffs', db.select().from(callOffs).all()),
    powersOfAttorney: keep('powersOfAttorney', db.select().from(powersOfAttorney).all()),
    agreements: keep('agreements', db.select().from(agreements).all()),
    parties: keep('agreementParties', db.select().from(agreementParties).all()),
    agreementServices: keep('agreementServices', db.select().from(agreementServices).all()),
    services: keep('services', db.select({ id: services.id, name: services.name, isDemo: services.isDemo }).from(services).all()),
    licences: keep('licences', db.select().from(licences).all()),
    assets: keep('informationAssets', db.select().from(informationAssets).all()),
    retentionRules: keep('retentionRules', db.select().from(retentionRules).all()),
    categories: keep('informationCategories', db.select({ id: informationCategories.id, name: informationCategories.name, recordKind: informationCategories.recordKind, isDemo: informationCategories.isDemo }).from(informationCategories).all()),
  };
}
