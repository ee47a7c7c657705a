// Full-text search over names and aliases (aliasText is the aliases joined by " | ").
// standard-folding folds accents, so "Timothee" finds "Timothée".
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Organization|Person|Product|FundingRound) ON EACH [n.name, n.aliasText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false } };
