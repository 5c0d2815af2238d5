/** Grid cells arrive as '' when cleared; the rules treat blank like absent. */
export function isBlank(s: string | null | undefined): boolean {
  return s == null || s.trim() === '';
}
