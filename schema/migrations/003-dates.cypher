// Dates used in filters (ISO strings, so range comparisons sort correctly).
CREATE INDEX funding_round_announced IF NOT EXISTS FOR (n:FundingRound) ON (n.announced);
CREATE INDEX organization_founded IF NOT EXISTS FOR (n:Organization) ON (n.founded);
CREATE INDEX product_released IF NOT EXISTS FOR (n:Product) ON (n.released);
CREATE INDEX source_url IF NOT EXISTS FOR (n:Source) ON (n.url);
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
