import { describe, expect, it } from 'vitest';
import { entityColumns, unsortableReason } from '../src/editing/columns';
import type { EntityConfig } from '../src/editing/entity';
import { findFilter, hasOwner, loadMine, mineFilter, mineKey, searchable, storeMine } from '../src/editing/findRows';
import { accessPolicies } from '../src/entities/accessPolicies';
import { agreementParties } from '../src/entities/agreementParties';
import { agreements } from '../src/entities/agreements';
import { disclosureRequests } from '../src/entities/disclosureRequests';
import { followUpGoals } from '../src/entities/followUpGoals';
import { followUpStatusReports } from '../src/entities/followUpStatusReports';
import { informationAssets } from '../src/entities/informationAssets';
import { informationCategories } from '../src/entities/informationCategories';
import { jointControllerships } from '../src/entities/jointControllerships';
import { licences } from '../src/entities/licences';
import { logReviewRoutines } from '../src/entities/logReviewRoutines';
import { optionLinks, options } from '../src/entities/options';
import { nonMunicipalOrganisations } from '../src/entities/organisations';
import { powersOfAttorney } from '../src/entities/powersOfAttorney';
import { processingInstructions } from '../src/entities/processingInstructions';
import { processorAgreements } from '../src/entities/processorAgreements';
import { procurements } from '../src/entities/procurements';
import { responsibilities } from '../src/entities/responsibilities';
import { retentionRules } from '../src/entities/retentionRules';
import { rolloutStages } from '../src/entities/rolloutStages';
import { DICTIONARIES, LANGUAGES } from '../src/i18n/dictionary';
import type { GridContextRef } from '../src/editing/cells';

// Finding one's rows and reading the columns, without a browser: the search and owner filters as
// the API receives them, the switch remembered, and every registry view's headers.

const VIEWS: Record<string, EntityConfig> = {
  accessPolicies,
  agreementParties,
  agreements,
  disclosureRequests,
  followUpGoals,
  followUpStatusReports,
  informationAssets,
  informationCategories,
  jointControllerships,
  licences,
  logReviewRoutines,
  options,
  optionLinks,
  nonMunicipalOrganisations,
  powersOfAttorney,
  processingInstructions,
  processorAgreements,
  procurements,
  responsibilities,
  retentionRules,
  rolloutStages,
};

describe('the search box', () => {
  it('uses the API’s own search where the entity has one', () => {
    expect(findFilter(agreements, '  Borås ')).toEqual({ search: 'Borås' });
    expect(findFilter(agreements, '   ')).toBeNull();
  });
  it('elsewhere asks whether any text column, or the owner’s name, contains the text', () => {
    expect(procurements.search).toBeFalsy();
    const f = findFilter(procurements, 'ram') as { OR: unknown[] };
    expect(f.OR).toContainEqual({ name: { contains: 'ram' } });
    expect(f.OR).toContainEqual({ owner: { name: { contains: 'ram' } } });
  });
  it('is offered on every registry view', () => {
    for (const [name, config] of Object.entries(VIEWS)) expect(searchable(config), name).toBe(true);
  });
});

describe('my organisation’s rows', () => {
  it('is the API’s owner filter, offered where the rows have an owner column', () => {
    expect(mineFilter('T3JnOjE=')).toEqual({ owner: { id: { eq: 'T3JnOjE=' } } });
    expect(hasOwner(agreements)).toBe(true);
  });
  it('is remembered per organisation, role and view, off until turned on', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    const key = mineKey({ organisationId: 'o1', role: 'ORG_ADMIN' }, 'agreements');
    expect(loadMine(key, storage)).toBe(false);
    storeMine(key, true, storage);
    expect(loadMine(key, storage)).toBe(true);
    expect(loadMine(mineKey({ organisationId: 'o1', role: 'ORG_ADMIN' }, 'licences'), storage)).toBe(false);
    storeMine(key, false, storage);
    expect(loadMine(key, storage)).toBe(false);
  });
});

describe('every registry view’s columns', () => {
  const context = { current: {} } as GridContextRef;
  for (const lang of LANGUAGES) {
    const t = DICTIONARIES[lang];
    it(`have headers no two alike, and say whether and why they sort (${lang})`, () => {
      for (const [name, config] of Object.entries(VIEWS)) {
        const defs = entityColumns(config, t, lang, true, context).filter((d) => d.headerName);
        const headers = defs.map((d) => d.headerName);
        expect(
          headers.filter((h, i) => headers.indexOf(h) !== i),
          name,
        ).toEqual([]);
        for (const spec of config.columns) {
          const tip = defs.find((d) => d.colId === spec.field)?.headerTooltip ?? '';
          expect(tip, `${name}.${spec.field}`).toContain(spec.order ? t.sortableHint : t.notSortable[unsortableReason(spec)]);
        }
      }
    });
  }
});
