// The TSV parser is the editing machinery's; the call-off matrix uses it as every grid does.
export { parseTsv } from '../editing/tsv';
