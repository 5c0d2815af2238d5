import { describe, expect, it } from 'vitest';
import { changeableRows, mayChangeOwnedRow, roleChangesRegistry, type Changer } from '../src/ownership';
import { powerOfAttorneyOwner, validateRolloutStage } from '../src/organisations';
import { USER_ROLES } from '../src/vocabulary';

const regional: Changer<number> = { role: 'regional_admin', organisationId: 1 };
const orgAdmin: Changer<number> = { role: 'org_admin', organisationId: 5 };
const reviewer: Changer<number> = { role: 'log_reviewer', organisationId: 5 };
const analyst: Changer<number> = { role: 'analyst', organisationId: 5 };

describe('the ownership rule', () => {
  it('only the owner organisation’s admin or a regional admin changes a row', () => {
    expect(mayChangeOwnedRow(regional, 5)).toBe(true);
    expect(mayChangeOwnedRow(regional, null)).toBe(true);
    expect(mayChangeOwnedRow(orgAdmin, 5)).toBe(true);
    expect(mayChangeOwnedRow(orgAdmin, 6)).toBe(false);
    expect(mayChangeOwnedRow(orgAdmin, null)).toBe(false);
    expect(mayChangeOwnedRow(analyst, 5)).toBe(false);
    expect(mayChangeOwnedRow(reviewer, 5)).toBe(false);
    expect(mayChangeOwnedRow(null, 5)).toBe(false);
  });

  it('compares organisations whatever their ids are (the grid’s global IDs)', () => {
    expect(mayChangeOwnedRow({ role: 'org_admin', organisationId: 'T3JnOjU=' }, 'T3JnOjU=')).toBe(true);
    expect(mayChangeOwnedRow({ role: 'org_admin', organisationId: 'T3JnOjU=' }, 'T3JnOjY=')).toBe(false);
  });

  it('a review item is its data owner’s log reviewer’s alone, no admin’s; review runs are nobody’s row by row', () => {
    expect(mayChangeOwnedRow(reviewer, 5, 'logReviewItems')).toBe(true);
    expect(mayChangeOwnedRow(reviewer, 6, 'logReviewItems')).toBe(false);
    expect(mayChangeOwnedRow(regional, 5, 'logReviewItems')).toBe(false);
    expect(mayChangeOwnedRow(orgAdmin, 5, 'logReviewItems')).toBe(false);
    expect(changeableRows(regional, 'logReviewRuns')).toEqual({ kind: 'none' });
  });

  it('gives the write statements the condition to repeat', () => {
    expect(changeableRows(regional)).toEqual({ kind: 'any' });
    expect(changeableRows(orgAdmin, 'organisations')).toEqual({ kind: 'owner', organisationId: 5 });
    expect(changeableRows(analyst)).toEqual({ kind: 'none' });
    expect(changeableRows(null)).toEqual({ kind: 'none' });
  });

  it('only admins change the registry at all', () => {
    expect(USER_ROLES.filter(roleChangesRegistry)).toEqual(['regional_admin', 'org_admin']);
  });
});

describe('roll-out stages and powers of attorney', () => {
  it('a stage’s go-live dates are real dates when given', () => {
    expect(validateRolloutStage({ plannedGoLive: '2027-03-01', actualGoLive: null })).toEqual([]);
    expect(validateRolloutStage({ plannedGoLive: '2027-02-30', actualGoLive: 'soon' }).map((v) => v.field)).toEqual(['plannedGoLive', 'actualGoLive']);
  });

  it('a power of attorney belongs to the municipality that gave it', () => {
    expect(powerOfAttorneyOwner({ municipalityId: 42 })).toBe(42);
    expect(powerOfAttorneyOwner({ municipalityId: null })).toBeNull();
    expect(powerOfAttorneyOwner({ municipalityId: undefined })).toBeNull();
  });
});
