import { useQuery } from 'urql';
import type { EntityRow } from '../editing/entity';
import type { LogReviewItemNode } from '../entities/logReviewItems';
import { useI18n } from '../i18n';
import { actionLabel, basisLabel, formatLogTime } from '../logs/format';
import { ReviewItemEntriesQuery } from './queries';
import { RuleChips } from './RuleChips';

/**
 * The focused item's entries, oldest first, each with the rules that chose it. Opening an item
 * reads its entries, and the server records that read (purpose log_review).
 */
export function ItemDetail({ item }: { item: EntityRow | null }) {
  const { t, lang } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: ReviewItemEntriesQuery, variables: { id: item?.id ?? '' }, pause: !item });
  if (!item) return <p className="muted detail-empty">{t.reviewDetailPick}</p>;
  const node = item.node as LogReviewItemNode | undefined;
  const found = data?.node && 'selectedEntries' in data.node ? data.node : null;
  return (
    <section className="review-detail" data-testid="item-detail" aria-label={t.reviewDetailTitle(node?.userName ?? '')}>
      <h2 className="sub-title">{t.reviewDetailTitle(node?.userName ?? '')}</h2>
      <p className="muted mono-line">{t.reviewDetailPatient(node?.patientPseudonym ?? '')}</p>
      {error && <p className="field-error">{error.message}</p>}
      {fetching && !found && <p className="muted">{t.reviewDetailLoading}</p>}
      {found && (
        <div className="table-scroll">
          <table className="review-table compact" data-testid="item-entries">
            <thead>
              <tr>
                <th>{t.logsColTime}</th>
                <th>{t.logsColUser}</th>
                <th>{t.logsColCareUnit}</th>
                <th>{t.logsColAction}</th>
                <th>{t.logsColBasis}</th>
                <th>{t.logsColCategory}</th>
                <th>{t.logsColDataOwner}</th>
                <th>{t.reviewDetailWhy}</th>
              </tr>
            </thead>
            <tbody>
              {found.selectedEntries.map((s) => (
                <tr key={s.entry.entryId} data-testid="item-entry">
                  <td className="nowrap">{formatLogTime(s.entry.occurredAt, lang)}</td>
                  <td>{s.entry.userName}</td>
                  <td>{s.entry.careUnit}</td>
                  <td>{actionLabel(s.entry.action, lang)}</td>
                  <td>{basisLabel(s.entry.basis, lang)}</td>
                  <td>{s.entry.category ? (lang === 'en' ? (s.entry.category.nameEn ?? s.entry.category.name) : s.entry.category.name) : ''}</td>
                  <td>{s.entry.dataOwner?.name ?? ''}</td>
                  <td data-testid="entry-why">
                    <RuleChips rules={s.rules} lang={lang} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
