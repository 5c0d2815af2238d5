import { FOLLOW_UP_LEGEND, type Label } from '@fvm/domain';
import { useState } from 'react';
import { EntityGrid } from '../editing/EntityGrid';
import type { EntityRow, Viewer } from '../editing/entity';
import { followUpGoals, GOAL_STATUS_VOCABULARY, TIME_ASSESSMENT_VOCABULARY, TREND_VOCABULARY } from '../entities/followUpGoals';
import { followUpStatusReports } from '../entities/followUpStatusReports';
import { useI18n } from '../i18n';
import './followUp.css';

/**
 * The follow-up (uppföljning): the yearly goals and activities as an editable grid in each year's
 * table order (so section by section), with the seed table's own legend and the focused row's
 * text in full below it, and the monthly status reports in a grid of their own underneath.
 */
export function FollowUpView({ viewer }: { viewer: Viewer }) {
  const { t } = useI18n();
  const [focused, setFocused] = useState<EntityRow | null>(null);
  return (
    <div className="split follow-up">
      <EntityGrid config={followUpGoals} viewer={viewer} testId="follow-up-view" onFocusRow={setFocused}>
        <div className="follow-up-below">
          <FocusedGoal row={focused} />
          <FollowUpLegend />
        </div>
      </EntityGrid>
      <div className="split-detail open" data-testid="status-reports-panel">
        <EntityGrid
          config={followUpStatusReports}
          viewer={viewer}
          primary={false}
          testId="status-reports-view"
          heading={<h2 className="sub-title">{t.followUpReportsTitle}</h2>}
        />
      </div>
    </div>
  );
}

type Marked = 'goalStatus' | 'trend' | 'timeAssessment';
const GROUPS: readonly { key: Marked; values: readonly string[] }[] = [
  { key: 'goalStatus', values: GOAL_STATUS_VOCABULARY.values },
  { key: 'trend', values: TREND_VOCABULARY.values },
  { key: 'timeAssessment', values: TIME_ASSESSMENT_VOCABULARY.values },
];

/** The legend of VästKom's table, in its own words: the Swedish original is always a hover away. */
function FollowUpLegend() {
  const { t, lang } = useI18n();
  const title: Record<Marked, string> = { goalStatus: t.followUpColGoalStatus, trend: t.followUpColTrend, timeAssessment: t.followUpColTimeAssessment };
  const legend = FOLLOW_UP_LEGEND as Record<Marked, Record<string, Label>>;
  return (
    <section className="follow-up-legend" aria-label={t.followUpLegendTitle} data-testid="follow-up-legend">
      <h2 className="sub-title">{t.followUpLegendTitle}</h2>
      <div className="follow-up-legend-groups">
        {GROUPS.map((g) => (
          <ul key={g.key} aria-label={title[g.key]}>
            {g.values.map((value) => (
              <li key={value} title={legend[g.key][value]!.sv} data-testid={`legend-${g.key}-${value}`}>
                <span className={`follow-up-mark mark-${g.key}-${value}`} aria-hidden="true" />
                {legend[g.key][value]![lang]}
              </li>
            ))}
          </ul>
        ))}
      </div>
      <p className="muted">{t.followUpLegendNote}</p>
    </section>
  );
}

/** The focused row's heading, goal, activity and comment in full: the grid's cells show one line each. */
function FocusedGoal({ row }: { row: EntityRow | null }) {
  const { t } = useI18n();
  if (!row) return <p className="muted follow-up-focused">{t.followUpPick}</p>;
  const parts: [string, unknown][] = [
    [t.followUpColHeading, row.values.heading],
    [t.followUpColGoal, row.values.goal],
    [t.followUpColActivity, row.values.activity],
    [t.followUpColComment, row.values.comment],
  ];
  return (
    <dl className="follow-up-focused" data-testid="follow-up-focused">
      {parts
        .filter(([, value]) => typeof value === 'string' && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value as string}</dd>
          </div>
        ))}
    </dl>
  );
}
