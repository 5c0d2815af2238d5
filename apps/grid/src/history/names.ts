import { PROFESSION_LABELS } from '@fvm/domain';
import { graphql, type ResultOf } from '../graphql';
import type { Language } from '../i18n';
import { fromEnum } from '../logs/filters';

/**
 * The change history names rows, not numbers: the changed row and every row its fields point at
 * (the owner, the information category, the municipality) are read by global ID through the API's
 * `nodes(ids:)`, which answers null for a row that is gone or hidden: then the history says the
 * type and number it recorded, and nothing more.
 */
export const HistoryNamesQuery = graphql(`
  query HistoryNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on Organisation {
        name
      }
      ... on Municipality {
        name
      }
      ... on Option {
        number
        name
        nameEn
      }
      ... on Procurement {
        name
      }
      ... on Service {
        name
      }
      ... on InformationCategory {
        name
        nameEn
      }
      ... on RolloutStage {
        number
        area
      }
      ... on LogReviewRoutine {
        name
      }
      ... on Agreement {
        title
      }
      ... on ProcessorAgreement {
        title
      }
      ... on JointControllership {
        title
      }
      ... on RetentionRule {
        owner {
          name
        }
        category {
          name
          nameEn
        }
      }
      ... on InformationAsset {
        owner {
          name
        }
        category {
          name
          nameEn
        }
      }
      ... on AccessPolicy {
        owner {
          name
        }
        category {
          name
          nameEn
        }
        profession
      }
      ... on CallOff {
        municipality {
          name
        }
        option {
          number
          name
          nameEn
        }
      }
      ... on Licence {
        municipality {
          name
        }
        provider {
          name
        }
      }
      ... on PowerOfAttorney {
        municipality {
          name
        }
        grantedTo {
          name
        }
      }
      ... on AgreementParty {
        agreement {
          title
        }
        organisation {
          name
        }
      }
      ... on AgreementService {
        agreement {
          title
        }
        service {
          name
        }
      }
      ... on ProcessingInstruction {
        agreement {
          title
        }
        service {
          name
        }
      }
      ... on JointControllerResponsibility {
        agreement {
          title
        }
        organisation {
          name
        }
      }
      ... on OptionLink {
        option {
          name
          nameEn
        }
        linkedOption {
          name
          nameEn
        }
      }
      ... on DisclosureRequest {
        requester
      }
      ... on FollowUpGoal {
        goal
        activity
        heading
      }
      ... on FollowUpStatusReport {
        owner {
          name
        }
        month
      }
      ... on LogReviewRun {
        routine {
          name
        }
        periodStart
        periodEnd
      }
      ... on LogReviewItem {
        userName
      }
    }
  }
`);

type NamedNode = NonNullable<ResultOf<typeof HistoryNamesQuery>['nodes'][number]>;

const join = (...parts: (string | null | undefined)[]) => parts.filter((p) => p).join(' – ');
const localName = (n: { name: string; nameEn: string } | null | undefined, lang: Language) => (n ? (lang === 'en' && n.nameEn ? n.nameEn : n.name) : null);

/** A row's name as a reader knows it: "Borås – Journalanteckning". Empty when it has none. */
export function nodeName(node: NamedNode, lang: Language): string {
  switch (node.__typename) {
    case 'Organisation':
    case 'Municipality':
    case 'Procurement':
    case 'Service':
    case 'LogReviewRoutine':
      return node.name;
    case 'Option':
      return `${node.number}. ${localName(node, lang)}`;
    case 'InformationCategory':
      return localName(node, lang) ?? '';
    case 'RolloutStage':
      return join(String(node.number), node.area);
    case 'Agreement':
    case 'ProcessorAgreement':
    case 'JointControllership':
      return node.title;
    case 'RetentionRule':
    case 'InformationAsset':
      return join(node.owner?.name, localName(node.category, lang));
    case 'AccessPolicy':
      return join(
        node.owner?.name,
        localName(node.category, lang),
        PROFESSION_LABELS[fromEnum(node.profession) as keyof typeof PROFESSION_LABELS]?.[lang] ?? node.profession,
      );
    case 'CallOff':
      return join(node.municipality?.name, node.option ? `${node.option.number}. ${localName(node.option, lang)}` : null);
    case 'Licence':
      return join(node.municipality?.name, node.provider?.name);
    case 'PowerOfAttorney':
      return `${node.municipality?.name ?? ''} → ${node.grantedTo?.name ?? ''}`;
    case 'AgreementParty':
    case 'JointControllerResponsibility':
      return join(node.agreement?.title, node.organisation?.name);
    case 'AgreementService':
    case 'ProcessingInstruction':
      return join(node.agreement?.title, node.service?.name);
    case 'OptionLink':
      return `${localName(node.option, lang) ?? ''} ↔ ${localName(node.linkedOption, lang) ?? ''}`;
    case 'DisclosureRequest':
      return node.requester;
    case 'FollowUpGoal':
      return node.goal ?? node.activity ?? node.heading ?? '';
    case 'FollowUpStatusReport':
      return join(node.owner?.name, node.month);
    case 'LogReviewRun':
      return join(node.routine?.name, `${node.periodStart}–${node.periodEnd}`);
    case 'LogReviewItem':
      return node.userName;
    default:
      return '';
  }
}

/** A global ID as the server makes it (Relay: base64 of `Type:number`). */
export const globalId = (type: string, id: number | string) => btoa(`${type}:${id}`);

/**
 * What a stored row's reference field points at, by the field's name. An organisation may be a
 * municipality, which the API types apart: both are asked for, and the one that answers names it.
 */
const REFERENCES: Readonly<Record<string, readonly string[]>> = {
  ownerOrgId: ['Organisation', 'Municipality'],
  organisationId: ['Organisation', 'Municipality'],
  grantedToId: ['Organisation', 'Municipality'],
  providerId: ['Organisation', 'Municipality'],
  careProviderId: ['Organisation', 'Municipality'],
  dataOwnerId: ['Organisation', 'Municipality'],
  associationId: ['Organisation'],
  municipalityId: ['Municipality', 'Organisation'],
  licensingMunicipalityId: ['Municipality', 'Organisation'],
  categoryId: ['InformationCategory'],
  optionId: ['Option'],
  linkedOptionId: ['Option'],
  agreementId: ['Agreement', 'ProcessorAgreement', 'JointControllership'],
  procurementId: ['Procurement'],
  serviceId: ['Service'],
  assetId: ['InformationAsset'],
  rolloutStageId: ['RolloutStage'],
  routineId: ['LogReviewRoutine'],
  runId: ['LogReviewRun'],
};

/** The global IDs that may name the row a reference field points at; none for a field that is not a reference. */
export function referenceIds(field: string, value: unknown): string[] {
  const types = REFERENCES[field];
  if (!types || (typeof value !== 'number' && typeof value !== 'string') || value === '') return [];
  return types.map((type) => globalId(type, value));
}

export const isReference = (field: string) => Object.hasOwn(REFERENCES, field);
