/** Whether apps/grid/dist is missing or older than its sources (apps/grid/src, packages/domain/src, …). */
export function gridBuildIsStale(root: string): boolean;
