import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import { gridTheme } from '../agGrid';
import { Empty, Loading } from '../components/States';
import '../editing/agModules';
import { useI18n, type Dictionary, type Language } from '../i18n';
import { useFindings, useJumpTo } from './context';
import { checkLabel, countsByCheck, findingText, type RegistryFindingItem } from './marks';
import { routeOfSubject } from './routes';
import './findings.css';

/**
 * Every finding of the registry's checks the viewer may see: counts per check, filters by check
 * and organisation, and for each a link to the view holding its row. Checks and subject types the
 * grid does not know yet are listed all the same (by the check's key in words, without a link).
 */
export function FindingsView() {
  const { t, lang } = useI18n();
  const { loaded, findings } = useFindings();
  const jumpTo = useJumpTo();
  const [check, setCheck] = useState<string | null>(null);
  const [organisation, setOrganisation] = useState<string>('');

  const byOrganisation = useMemo(() => (organisation ? findings.filter((f) => f.organisation?.id === organisation) : findings), [findings, organisation]);
  const counts = useMemo(() => countsByCheck(byOrganisation, lang), [byOrganisation, lang]);
  const shown = useMemo(() => (check ? byOrganisation.filter((f) => f.check === check) : [...byOrganisation]), [byOrganisation, check]);
  const organisations = useMemo(() => {
    const named = new Map<string, string>();
    for (const f of findings) if (f.organisation) named.set(f.organisation.id, f.organisation.name);
    return [...named].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
  }, [findings]);
  const columns = useMemo(
    () =>
      findingColumns(t, lang, (f) => {
        const route = routeOfSubject(f.subjectType);
        if (route) jumpTo({ route, subjectId: f.subjectId });
      }),
    [t, lang, jumpTo],
  );

  return (
    <section className="view findings-view" data-testid="findings-view" aria-labelledby="view-title">
      <div className="view-head">
        <div>
          <h1 id="view-title">
            {t.findingsTitle}
            {loaded && (
              <span className="count" data-testid="row-count">
                {shown.length !== findings.length ? `${shown.length} / ` : ''}
                {t.findingsCount(findings.length)}
              </span>
            )}
          </h1>
          <p className="muted">{t.findingsIntro}</p>
        </div>
      </div>
      {!loaded ? (
        <Loading />
      ) : findings.length === 0 ? (
        <Empty text={t.findingsNone} />
      ) : (
        <>
          <div className="findings-filters">
            <select
              value={organisation}
              onChange={(e) => setOrganisation(e.target.value)}
              aria-label={t.findingsColOrganisation}
              data-testid="findings-organisation"
            >
              <option value="">{t.findingsAllOrganisations}</option>
              {organisations.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="findings-checks" role="group" aria-label={t.findingsColCheck}>
            <button type="button" className="check-chip" aria-pressed={check === null} onClick={() => setCheck(null)} data-testid="check-chip" data-check="">
              {t.findingsAllChecks} <span className="n">{byOrganisation.length}</span>
            </button>
            {counts.map((c) => (
              <button
                key={c.check}
                type="button"
                className="check-chip"
                aria-pressed={check === c.check}
                onClick={() => setCheck(check === c.check ? null : c.check)}
                data-testid="check-chip"
                data-check={c.check}
                data-count={c.count}
              >
                {c.label} <span className="n">{c.count}</span>
              </button>
            ))}
          </div>
          <div className="grid-wrap" data-testid="findings-grid">
            <AgGridReact<RegistryFindingItem>
              theme={gridTheme}
              rowData={shown}
              columnDefs={columns}
              defaultColDef={{ sortable: true, resizable: true }}
              getRowId={(p) => `${p.data.check}\u001f${p.data.subjectId}\u001f${p.data.message}`}
              localeText={t.agGrid}
              tooltipShowDelay={250}
            />
          </div>
        </>
      )}
    </section>
  );
}

function findingColumns(t: Dictionary, lang: Language, jump: (f: RegistryFindingItem) => void): ColDef<RegistryFindingItem>[] {
  return [
    {
      colId: 'check',
      headerName: t.findingsColCheck,
      valueGetter: (p) => (p.data ? checkLabel(p.data.check, lang) : ''),
      width: 300,
      tooltipValueGetter: (p) => p.value as string,
    },
    { colId: 'organisation', headerName: t.findingsColOrganisation, valueGetter: (p) => p.data?.organisation?.name ?? '', width: 200 },
    {
      colId: 'message',
      headerName: t.findingsColMessage,
      valueGetter: (p) => (p.data ? findingText(p.data, lang) : ''),
      flex: 1,
      minWidth: 320,
      tooltipValueGetter: (p) => p.value as string,
      cellClass: 'cell-message',
    },
    {
      colId: 'goTo',
      headerName: t.findingsColGoTo,
      width: 130,
      sortable: false,
      cellRenderer: (p: ICellRendererParams<RegistryFindingItem>) =>
        p.data && routeOfSubject(p.data.subjectType) ? (
          <a
            href={`#/${routeOfSubject(p.data.subjectType)}`}
            className="jump-link"
            data-testid="jump-link"
            data-subject={p.data.subjectId}
            onClick={(e) => {
              e.preventDefault();
              jump(p.data!);
            }}
          >
            {t.findingsGoTo}
          </a>
        ) : null,
    },
  ];
}
