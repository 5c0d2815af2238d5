import { followUpGoalSpec, followUpStatusReportSpec } from '@fvm/db';
import { defineEntity } from '../entity';
import { defineBulkMutations } from '../mutations';
import { FollowUpGoalStatus, FollowUpTimeAssessment, FollowUpTrend } from './enums';

export const FollowUpGoal = defineEntity({
  name: 'FollowUpGoal',
  table: 'followUpGoals',
  plural: 'followUpGoals',
  description:
    'A yearly goal or activity of the follow-up (uppföljning: mål och aktiviteter), a row of VästKom’s results table: section, heading, goal, activity, budget, time spent against the action plan, goal status, trend and comment. The 2019 table is reference data.',
  pluralDescription: 'Follow-up goals and activities, in each year’s table order unless sorted otherwise.',
  columns: {
    year: { type: 'Int', description: 'The year the goal belongs to (år).', order: true },
    position: { type: 'Int', description: 'The row’s place in the year’s table, from 1 (ordning).', order: true },
    section: { type: 'String', description: 'The section of the table (avsnitt), e.g. "PROJEKT / ARBETEN SOM DRIVS NATIONELLT".', order: true },
    heading: {
      type: 'String',
      description: 'The heading the row stands under (rubrik): a project or service, e.g. "GITS – Förvaltning och fortsatt utveckling".',
    },
    goal: { type: 'String', description: 'The goal (mål): a state to reach.' },
    activity: { type: 'String', description: 'The activity (aktivitet): what is done to reach it.' },
    budget: { type: 'Int', description: 'Budget in whole kronor (budget, SEK).', order: true },
    budgetText: { type: 'String', description: 'The budget as the source words it, e.g. "Budget: 4 030 000 kronor".' },
    timeAssessment: {
      type: FollowUpTimeAssessment,
      description:
        'Estimated time spent against the time planned in the action plan (uppskattad genomförd tid / planerad tid i handlingsplanen): more, less or about equal.',
      order: true,
    },
    timePercent: {
      type: 'Int',
      description: 'The percentage beside the time assessment (procent), e.g. 30 in "Mer än 30%"; needs an assessment.',
      order: true,
    },
    timeNote: { type: 'String', description: 'What the time column says when it is not an assessment (anmärkning om tid), e.g. "delreg. satsning".' },
    goalStatus: {
      type: FollowUpGoalStatus,
      description: 'Whether the goal is judged met, partly met, or not met or dropped (måluppfyllelse); null when unknown.',
      order: true,
    },
    trend: { type: FollowUpTrend, description: 'The trend through the activity (trend): positive, not assessed or negative; null when unknown.', order: true },
    comment: { type: 'String', description: 'Comment (kommentar).' },
  },
  search: ['section', 'heading', 'goal', 'activity', 'comment'],
  defaultOrder: { year: 'asc', position: 'asc' },
  write: { spec: followUpGoalSpec, plural: 'FollowUpGoals' },
});
defineBulkMutations(FollowUpGoal);

export const FollowUpStatusReport = defineEntity({
  name: 'FollowUpStatusReport',
  table: 'followUpStatusReports',
  plural: 'followUpStatusReports',
  description:
    'A monthly status report of the follow-up (lägesrapport): the month it sums up, a summary of it (summering) and the plan for the next (planering).',
  pluralDescription: 'Monthly status reports, newest month first unless sorted otherwise.',
  columns: {
    month: { type: 'String', description: 'The month reported on, YYYY-MM (månad).', order: true },
    summary: { type: 'String', description: 'What happened in the month (summering).' },
    plan: { type: 'String', description: 'The plan for the month after (planering).' },
  },
  search: ['summary', 'plan'],
  defaultOrder: { month: 'desc' },
  write: { spec: followUpStatusReportSpec, plural: 'FollowUpStatusReports' },
});
defineBulkMutations(FollowUpStatusReport);
