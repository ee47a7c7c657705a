/**
 * The graph model as closed sets, shared by the seed validator, the loader and the API:
 * labels, relationship types with their endpoints and fields, entity kinds, and the
 * fact properties the API shows as fields; and a Fact, the sourced claim both read and write.
 */

export const ENTITY_LABELS = ['Organization', 'Person', 'Product', 'FundingRound'] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

/** Top-level keys of a seed file that hold entities, and the label each gets. */
export const ENTITY_SECTIONS = {
  organizations: 'Organization',
  people: 'Person',
  products: 'Product',
  fundingRounds: 'FundingRound',
} as const satisfies Record<string, EntityLabel>;
export type EntitySection = keyof typeof ENTITY_SECTIONS;

export const RELATIONSHIP_TYPES = [
  'FOUNDED',
  'WORKED_AT',
  'STUDIED_AT',
  'RAISED',
  'INVESTED_IN',
  'CUSTOMER_OF',
  'PARTNER_OF',
  'ACQUIRED',
  'DEVELOPS',
  'COMPETES_WITH',
  'PART_OF',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export const CONFIDENCES = ['confirmed', 'single-source', 'disputed'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const ORGANIZATION_KINDS = [
  'company',
  'investment-firm',
  'bank',
  'public-body',
  'university',
  'research-lab',
  'brand',
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const PRODUCT_KINDS = ['chatbot', 'model', 'app', 'platform', 'service', 'other'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** What an AI company does (the `sector` fact of an organization). */
export const SECTORS = [
  'foundation-models',
  'compute-infrastructure',
  'chips-hardware',
  'defence-security',
  'science-health',
  'robotics-autonomy',
  'enterprise-vertical',
  'consumer-creative',
  'developer-tools',
] as const;
export type Sector = (typeof SECTORS)[number];

/** What kind of investor an organization is (its `investorType` fact); a person investor is a Person. */
export const INVESTOR_TYPES = [
  'venture-capital',
  'growth-equity',
  'corporate',
  'public',
  'sovereign-fund',
  'bank',
  'other',
] as const;
export type InvestorType = (typeof INVESTOR_TYPES)[number];

/** Where an acquisition stands (the `status` of an ACQUIRED link). */
export const DEAL_STATUSES = ['announced', 'completed', 'terminated'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** How a field's value is checked and stored. */
/** `text` is free text: several phrasings of it are not a dispute. */
export type FieldKind = 'string' | 'text' | 'date' | 'number' | 'percent' | 'boolean' | 'money' | 'integer';

export interface RelationshipSpec {
  from: readonly EntityLabel[];
  to: readonly EntityLabel[];
  fields: Readonly<Record<string, FieldKind>>;
}

export const RELATIONSHIPS: Readonly<Record<RelationshipType, RelationshipSpec>> = {
  FOUNDED: { from: ['Person', 'Organization'], to: ['Organization'], fields: { date: 'date', role: 'string' } },
  WORKED_AT: {
    from: ['Person'],
    to: ['Organization'],
    fields: { role: 'string', since: 'date', until: 'date', location: 'string' },
  },
  STUDIED_AT: {
    from: ['Person'],
    to: ['Organization'],
    fields: { degree: 'string', field: 'string', since: 'date', until: 'date' },
  },
  RAISED: { from: ['Organization'], to: ['FundingRound'], fields: {} },
  INVESTED_IN: {
    from: ['Organization', 'Person'],
    to: ['FundingRound'],
    fields: { amount: 'money', stakePercent: 'percent', lead: 'boolean', instrument: 'string', date: 'date' },
  },
  CUSTOMER_OF: {
    from: ['Organization'],
    to: ['Organization'],
    fields: { since: 'date', amount: 'money', durationYears: 'number', scope: 'string' },
  },
  PARTNER_OF: {
    from: ['Organization'],
    to: ['Organization'],
    fields: { since: 'date', scope: 'string', commercial: 'boolean' },
  },
  ACQUIRED: {
    from: ['Organization'],
    to: ['Organization'],
    fields: { date: 'date', amount: 'money', status: 'string' },
  },
  DEVELOPS: { from: ['Organization', 'Person'], to: ['Product'], fields: { released: 'date', role: 'string' } },
  COMPETES_WITH: { from: ['Organization'], to: ['Organization'], fields: {} },
  PART_OF: {
    from: ['Organization', 'Product'],
    to: ['Organization', 'Product'],
    fields: { since: 'date', relation: 'string' },
  },
};

/** Fields every relationship record may carry besides its type's own. */
export const COMMON_RELATIONSHIP_FIELDS = [
  'type',
  'from',
  'to',
  'key',
  'sources',
  'confidence',
  'note',
  'facts',
  'statements',
] as const;

/** Fields every entity record may carry; `kind` and `series` only where noted. */
export const COMMON_ENTITY_FIELDS = ['id', 'name', 'sources', 'statements', 'facts'] as const;
export const EXTRA_ENTITY_FIELDS: Readonly<Record<EntityLabel, readonly string[]>> = {
  Organization: ['kind'],
  Person: [],
  Product: ['kind'],
  FundingRound: ['series'],
};

/**
 * Fact properties the API shows as typed fields, with the kind their values must have.
 * The node gets a property of the same name when the sources agree (or one claim is
 * preferred); money values are stored as <name> and <name>Currency.
 */
export const KNOWN_FACTS: Readonly<Record<EntityLabel, Readonly<Record<string, FieldKind>>>> = {
  Organization: {
    headquarters: 'string',
    country: 'string',
    foundedYear: 'integer',
    founded: 'date',
    incorporated: 'date',
    employees: 'integer',
    description: 'text',
    sector: 'string',
    investorType: 'string',
  },
  Person: { nationality: 'string', born: 'date', description: 'text' },
  Product: { released: 'date', license: 'string', description: 'text' },
  FundingRound: { announced: 'date', amount: 'money', valuation: 'money', preMoneyValuation: 'money' },
};

/** Known fact properties and relationship fields whose values come from a closed set. */
export const CLOSED_FACT_VALUES: Readonly<Partial<Record<EntityLabel, Readonly<Record<string, readonly string[]>>>>> = {
  Organization: { sector: SECTORS, investorType: INVESTOR_TYPES },
};
export const CLOSED_RELATIONSHIP_VALUES: Readonly<
  Partial<Record<RelationshipType, Readonly<Record<string, readonly string[]>>>>
> = {
  ACQUIRED: { status: DEAL_STATUSES },
};

export const SOURCE_FIELDS = ['id', 'url', 'title', 'publisher', 'date'] as const;
export const OMITTED_FIELDS = ['statements', 'reason'] as const;
/** A row of the alias table: an entity's canonical name, its other spellings, its parent. */
export const ALIAS_FIELDS = ['id', 'name', 'aliases', 'partOf'] as const;
export const FACT_FIELDS = [
  'property',
  'value',
  'sources',
  'confidence',
  'note',
  'qualifiers',
  'preferred',
  'statements',
] as const;

export interface Money {
  value: number;
  currency: string;
}
export type FactValue = string | number | boolean | Money;
export type Scalar = string | number | boolean;

/** A sourced claim about a property of an entity or a relationship; several may disagree. */
export interface Fact {
  property: string;
  value: FactValue;
  sources: string[];
  confidence: Confidence;
  note?: string;
  qualifiers?: Record<string, Scalar>;
  preferred: boolean;
  /** Statement lines this fact carries (for coverage; not stored in the graph). */
  statements?: string[];
}

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A date as the graph holds it: YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar day. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, , month, day] = match;
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(day);
}
