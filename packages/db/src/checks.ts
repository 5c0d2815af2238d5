import type { RegistryFacts } from '@fvm/domain';
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

/** Reads what the registry checks need; the registry is thousands of rows, read whole. */
export function loadRegistryFacts(db: Db): RegistryFacts {
  return {
    organisations: db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, ownPrincipal: organisations.ownPrincipal }).from(organisations).all(),
    options: db.select({ id: options.id, number: options.number }).from(options).all(),
    optionLinks: db.select({ optionId: optionLinks.optionId, linkedOptionId: optionLinks.linkedOptionId }).from(optionLinks).all(),
    callOffs: db.select().from(callOffs).all(),
    powersOfAttorney: db.select().from(powersOfAttorney).all(),
    agreements: db.select().from(agreements).all(),
    parties: db.select().from(agreementParties).all(),
    agreementServices: db.select().from(agreementServices).all(),
    services: db.select({ id: services.id, name: services.name }).from(services).all(),
    licences: db.select().from(licences).all(),
    assets: db.select().from(informationAssets).all(),
    retentionRules: db.select().from(retentionRules).all(),
    categories: db.select({ id: informationCategories.id, name: informationCategories.name, recordKind: informationCategories.recordKind }).from(informationCategories).all(),
  };
}
