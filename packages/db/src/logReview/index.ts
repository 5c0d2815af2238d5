export {
  startLogReviewRun,
  previewLogReviewSelection,
  criteriaOfRoutine,
  periodBounds,
  type PreviewResult,
  type SelectionPreview,
  type StartRunInput,
  type StartRunResult,
} from './runs';
export { DigestMismatchError, runSelection, type SelectionScope, type SelectedEntry } from './selection';
export { loadLogReviewFacts, logReviewStatistics, type ReviewStatistics, type ReviewStatisticsFilter, type RuleStatistics } from './facts';
export { reviewItemEntries } from './items';
