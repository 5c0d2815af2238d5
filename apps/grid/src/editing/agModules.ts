import {
  CustomFilterModule,
  DateFilterModule,
  EventApiModule,
  InfiniteRowModelModule,
  LargeTextEditorModule,
  LocaleModule,
  ModuleRegistry,
  NumberFilterModule,
  PinnedRowModule,
  RowSelectionModule,
  ScrollApiModule,
  TextEditorModule,
} from 'ag-grid-community';

// What the editable entity grids use beyond ../agGrid.ts: the infinite row model over the API's
// keyset cursors, server-side filters and sort, text editors, new rows pinned on top, row
// selection, moving and resizing columns. Registered once, and only these (bundle size).
ModuleRegistry.registerModules([
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  NumberFilterModule,
  DateFilterModule,
  CustomFilterModule,
  TextEditorModule,
  LargeTextEditorModule,
  RowSelectionModule,
  PinnedRowModule,
  ScrollApiModule,
]);
