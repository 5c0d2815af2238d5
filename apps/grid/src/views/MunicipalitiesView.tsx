import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import { useFindings } from '../findings/context';
import { findingsColumn } from '../findings/FindingMark';
import { useQuery } from 'urql';
import { gridTheme } from '../agGrid';
import { Empty, ErrorState, Loading } from '../components/States';
import '../editing/agModules';
import { useI18n } from '../i18n';
import { MunicipalitiesQuery, type MunicipalityRow } from '../queries';

export function MunicipalitiesView() {
  const { t, lang } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MunicipalitiesQuery });
  const [shown, setShown] = useState<number | null>(null);
  // A municipality is an Organisation: findings about it (a linked option taken alone) mark its row.
  const findings = useFindings();
  const [onlyFindings, setOnlyFindings] = useState(false);

  const rows = useMemo(() => [...(data?.municipalities.nodes ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'sv')), [data]);
  const shownRows = useMemo(() => (onlyFindings ? rows.filter((r) => findings.of(r.id).length > 0) : rows), [rows, onlyFindings, findings]);
  const columns = useMemo<ColDef<MunicipalityRow>[]>(
    () => [
      findingsColumn<MunicipalityRow>((r) => findings.of(r.id), t, lang),
      { colId: 'code', headerName: t.colCode, field: 'code', width: 130, filter: 'agTextColumnFilter' },
      { colId: 'name', headerName: t.colName, field: 'name', flex: 1, minWidth: 160, filter: 'agTextColumnFilter' },
      {
        colId: 'association',
        headerName: t.colAssociation,
        valueGetter: (p) => p.data?.association?.name ?? '',
        flex: 1.4,
        minWidth: 200,
        filter: 'agTextColumnFilter',
      },
      {
        colId: 'stage',
        headerName: t.colStage,
        valueGetter: (p) => (p.data?.rolloutStage ? t.stageValue(p.data.rolloutStage.number, p.data.rolloutStage.area) : ''),
        comparator: (_a, _b, na, nb) => (na.data?.rolloutStage?.number ?? 99) - (nb.data?.rolloutStage?.number ?? 99),
        flex: 1.4,
        minWidth: 220,
        filter: 'agTextColumnFilter',
      },
    ],
    [t, lang, findings],
  );

  const total = data?.municipalities.totalCount ?? 0;
  return (
    <section className="view" aria-labelledby="view-title">
      <div className="view-head">
        <div>
          <h1 id="view-title">
            {t.municipalitiesTitle}
            {data && (
              <span className="count" data-testid="row-count">
                {shown !== null && shown !== rows.length ? `${shown} / ` : ''}
                {t.rowCount(rows.length)}
              </span>
            )}
          </h1>
          <p className="muted">{t.municipalitiesIntro}</p>
          <label className="findings-toggle">
            <input type="checkbox" checked={onlyFindings} onChange={(e) => setOnlyFindings(e.target.checked)} data-testid="only-findings" />
            {t.findingsOnly}
          </label>
        </div>
      </div>
      {fetching && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : total === 0 ? (
        <Empty text={t.emptyMunicipalities} />
      ) : (
        <div className="grid-wrap" data-testid="municipalities-grid">
          <AgGridReact<MunicipalityRow>
            key={lang}
            theme={gridTheme}
            rowData={shownRows}
            columnDefs={columns}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={(p) => p.data.id}
            onModelUpdated={(e) => setShown(e.api.getDisplayedRowCount())}
            localeText={t.agGrid}
          />
        </div>
      )}
    </section>
  );
}
