/**
 * What GDPR art. 28(3) requires a processor agreement to set out. The keys are
 * the booleans stored per processor agreement; the order is the article's.
 */
export const ART_28_ITEMS = [
  {
    key: 'subjectMatter',
    article: '28(3)',
    en: 'the subject matter of the processing',
    sv: 'föremålet för behandlingen',
  },
  { key: 'duration', article: '28(3)', en: 'the duration of the processing', sv: 'behandlingens varaktighet' },
  { key: 'nature', article: '28(3)', en: 'the nature of the processing', sv: 'behandlingens art' },
  { key: 'purpose', article: '28(3)', en: 'the purpose of the processing', sv: 'behandlingens ändamål' },
  { key: 'dataTypes', article: '28(3)', en: 'the type of personal data', sv: 'typen av personuppgifter' },
  {
    key: 'dataSubjectCategories',
    article: '28(3)',
    en: 'the categories of data subjects',
    sv: 'kategorierna av registrerade',
  },
  {
    key: 'controllerRights',
    article: '28(3)',
    en: "the controller's obligations and rights",
    sv: 'den personuppgiftsansvariges skyldigheter och rättigheter',
  },
  {
    key: 'documentedInstructions',
    article: '28(3)(a)',
    en: "processing only on the controller's documented instructions",
    sv: 'behandling endast enligt den personuppgiftsansvariges dokumenterade instruktioner',
  },
  {
    key: 'confidentiality',
    article: '28(3)(b)',
    en: 'confidentiality commitments of the persons authorised to process the data',
    sv: 'att de som behandlar uppgifterna har åtagit sig att iaktta konfidentialitet',
  },
  {
    key: 'security',
    article: '28(3)(c)',
    en: 'the security measures required by art. 32',
    sv: 'de säkerhetsåtgärder som krävs enligt artikel 32',
  },
  {
    key: 'subProcessorConditions',
    article: '28(3)(d)',
    en: 'the conditions for engaging a sub-processor',
    sv: 'villkoren för att anlita ett underbiträde',
  },
  {
    key: 'dataSubjectRightsAssistance',
    article: '28(3)(e)',
    en: "assistance with responding to data subjects' requests to exercise their rights",
    sv: 'stöd när de registrerade utövar sina rättigheter',
  },
  {
    key: 'complianceAssistance',
    article: '28(3)(f)',
    en: 'assistance with the obligations under arts. 32–36',
    sv: 'stöd med skyldigheterna enligt artiklarna 32–36',
  },
  {
    key: 'deleteOrReturn',
    article: '28(3)(g)',
    en: 'deleting or returning the personal data when the services end',
    sv: 'radering eller återlämnande av personuppgifterna när tjänsterna upphör',
  },
  {
    key: 'audits',
    article: '28(3)(h)',
    en: 'information for demonstrating compliance, and audits and inspections',
    sv: 'information som visar efterlevnad samt granskningar och inspektioner',
  },
] as const satisfies readonly { key: string; article: string; en: string; sv: string }[];

export type Art28Key = (typeof ART_28_ITEMS)[number]['key'];

export const ART_28_KEYS: readonly Art28Key[] = ART_28_ITEMS.map((i) => i.key);

/** Only an explicit yes counts: an item nobody has checked is as missing as one checked and absent. */
export function missingArt28Items(terms: Partial<Record<Art28Key, boolean | null>>): Art28Key[] {
  return ART_28_KEYS.filter((key) => terms[key] !== true);
}
